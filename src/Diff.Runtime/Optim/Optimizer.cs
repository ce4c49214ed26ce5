using System;
using System.Collections.Generic;
using Diff.NN;

namespace Diff.Optim
{
    /// <summary>
    /// The base of the optimizers, like PyTorch's <c>torch.optim.Optimizer</c> with one parameter
    /// group: <see cref="Step"/> updates every trainable parameter from its gradient.
    /// </summary>
    /// <remarks>
    /// Parameters whose <see cref="Parameter.Grad"/> is null, or whose
    /// <see cref="Parameter.RequiresGrad"/> is false, are skipped by <see cref="Step"/>, as in
    /// PyTorch. Per-parameter state (momentum, moment estimates) is allocated on a parameter's first
    /// update and reused afterwards, so steps allocate nothing.
    /// </remarks>
    public abstract class Optimizer
    {
        private readonly Parameter[] _parameters;
        private double _learningRate;

        /// <summary>Collects and checks the parameters and the learning rate.</summary>
        /// <param name="parameters">The parameters to update, each once; typically <see cref="Module.Parameters"/>.</param>
        /// <param name="learningRate">The learning rate, finite and not negative.</param>
        /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
        /// <exception cref="ArgumentException">The sequence is empty, holds null, or holds a parameter twice.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is negative or not finite.</exception>
        protected Optimizer(IEnumerable<Parameter> parameters, double learningRate)
        {
            ArgumentNullException.ThrowIfNull(parameters);
            List<Parameter> list = new List<Parameter>();
            HashSet<Parameter> seen = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
            foreach (Parameter parameter in parameters)
            {
                if (parameter is null)
                {
                    throw new ArgumentException($"The parameter at index {list.Count} is null.", nameof(parameters));
                }

                if (!seen.Add(parameter))
                {
                    // It would be updated twice per step.
                    throw new ArgumentException($"The parameter at index {list.Count} appears more than once.", nameof(parameters));
                }

                list.Add(parameter);
            }

            if (list.Count == 0)
            {
                throw new ArgumentException("The optimizer got an empty parameter list.", nameof(parameters));
            }

            _parameters = list.ToArray();
            // Named as the derived constructors name it, the way PyTorch users pass it.
            RequireNonNegative(learningRate, "lr");
            _learningRate = learningRate;
        }

        /// <summary>The parameters this optimizer updates, in the order given.</summary>
        public IReadOnlyList<Parameter> Parameters => _parameters;

        /// <summary>The learning rate used by the next <see cref="Step"/>; learning-rate schedulers set it.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is negative or not finite.</exception>
        public double LearningRate
        {
            get => _learningRate;
            set
            {
                RequireNonNegative(value, nameof(LearningRate));
                _learningRate = value;
            }
        }

        /// <summary>
        /// The momentum that <see cref="OneCycleLR"/> cycles: SGD's and RMSprop's momentum, Adam's
        /// and AdamW's β₁; null when the optimizer has none.
        /// </summary>
        internal virtual double? CycledMomentum
        {
            get => null;
            set => throw new InvalidOperationException($"{GetType().Name} has no momentum to cycle.");
        }

        /// <summary>
        /// The optimizer's name and hyperparameters as PyTorch's <c>repr</c> prints them: one parameter
        /// group, keys sorted, PyTorch's key names and Python's spelling of values. Only the options
        /// this runtime has are listed (PyTorch also lists <c>foreach</c>, <c>maximize</c> and the like).
        /// </summary>
        /// <returns>The text, for example <c>SGD (\nParameter Group 0\n    dampening: 0\n    lr: 0.1 …\n)</c>.</returns>
        public override string ToString()
        {
            var entries = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["lr"] = PythonFloat(LearningRate) };
            foreach ((string key, string value) in HyperParameters())
            {
                entries[key] = value;
            }

            var builder = new System.Text.StringBuilder(GetType().Name).Append(" (\nParameter Group 0\n");
            foreach (KeyValuePair<string, string> entry in entries)
            {
                builder.Append("    ").Append(entry.Key).Append(": ").Append(entry.Value).Append('\n');
            }

            return builder.Append(')').ToString();
        }

        /// <summary>The hyperparameters besides the learning rate, under PyTorch's key names, for <see cref="ToString"/>.</summary>
        /// <returns>Key and value pairs; values spelled as Python prints them (see <see cref="PythonFloat"/>).</returns>
        protected virtual IEnumerable<(string Key, string Value)> HyperParameters() => Array.Empty<(string, string)>();

        /// <summary>
        /// A number as Python's <c>repr</c> spells it: the shortest round-trip digits, <c>1e-08</c>
        /// style exponents; zero is written <c>0</c>, as PyTorch's integer defaults print.
        /// </summary>
        /// <param name="value">The number.</param>
        /// <returns>The text.</returns>
        protected static string PythonFloat(double value)
        {
            if (value == 0)
            {
                return "0";
            }

            string text = value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            int e = text.IndexOf('E', StringComparison.Ordinal);
            if (e >= 0)
            {
                // .NET writes 1E-08 and 1E+16; Python writes 1e-08 and 1e+16.
                return text.Substring(0, e) + "e" + text.Substring(e + 1);
            }

            return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
        }

        /// <summary>A flag as Python spells it.</summary>
        /// <param name="value">The flag.</param>
        /// <returns><c>True</c> or <c>False</c>.</returns>
        protected static string PythonBool(bool value) => value ? "True" : "False";

        /// <summary>Updates every trainable parameter that has a gradient, by the optimizer's rule.</summary>
        public abstract void Step();

        /// <summary>Clears every parameter's gradient (sets it to null), like PyTorch's <c>zero_grad()</c>.</summary>
        public void ZeroGrad()
        {
            foreach (Parameter parameter in _parameters)
            {
                parameter.ZeroGrad();
            }
        }

        /// <summary>
        /// The value and gradient of the parameter at <paramref name="index"/>, or false when
        /// <see cref="Step"/> skips it (no gradient, or frozen).
        /// </summary>
        /// <param name="index">The parameter's position in <see cref="Parameters"/>.</param>
        /// <param name="value">The parameter's elements, to update in place.</param>
        /// <param name="gradient">The gradient's elements.</param>
        /// <returns>Whether the parameter is to be updated.</returns>
        /// <exception cref="InvalidOperationException">The gradient's size differs from the value's.</exception>
        protected bool TryGetUpdate(int index, out Span<float> value, out ReadOnlySpan<float> gradient)
        {
            Parameter parameter = _parameters[index];
            Tensor? grad = parameter.Grad;
            if (grad is null || !parameter.RequiresGrad)
            {
                value = default;
                gradient = default;
                return false;
            }

            if (parameter.Value.IsOnDevice || grad.IsOnDevice)
            {
                throw new NotSupportedException(
                    $"{GetType().Name} updates parameters on the CPU only, and parameter {index} is on {parameter.Value.Device}. SGD, Adam, AdamW and RMSprop update on a device.");
            }

            value = parameter.Value.AsSpan();
            gradient = grad.AsSpan();
            if (value.Length != gradient.Length)
            {
                throw new InvalidOperationException(
                    $"Parameter {index} has {value.Length} elements but its gradient has {gradient.Length}.");
            }

            return true;
        }

        /// <summary>
        /// The value and gradient of a parameter on a device, or false when <see cref="Step"/> skips it
        /// or the parameter is on the CPU (then <see cref="TryGetUpdate"/> gives its elements).
        /// </summary>
        internal bool TryGetDeviceUpdate(int index, out Tensor value, out Tensor gradient)
        {
            Parameter parameter = _parameters[index];
            value = parameter.Value;
            gradient = parameter.Grad!;
            if (!value.IsOnDevice || parameter.Grad is null || !parameter.RequiresGrad)
            {
                return false;
            }

            DeviceOps.OnDevice(value, gradient, $"{GetType().Name}.Step (parameter {index} and its gradient)");
            if (value.Count != gradient.Count)
            {
                throw new InvalidOperationException(
                    $"Parameter {index} has {value.Count} elements but its gradient has {gradient.Count}.");
            }

            return true;
        }

        /// <summary>
        /// The state buffer <paramref name="buffers"/>[<paramref name="index"/>], allocated with
        /// <paramref name="length"/> zeros on first use.
        /// </summary>
        /// <param name="buffers">One slot per parameter.</param>
        /// <param name="index">The parameter's position.</param>
        /// <param name="length">The parameter's element count.</param>
        /// <returns>The buffer.</returns>
        /// <exception cref="InvalidOperationException">The parameter changed size since its state was created.</exception>
        protected static float[] StateBuffer(float[]?[] buffers, int index, int length)
        {
            ArgumentNullException.ThrowIfNull(buffers);
            float[]? buffer = buffers[index];
            if (buffer is null)
            {
                buffer = new float[length];
                buffers[index] = buffer;
            }
            else if (buffer.Length != length)
            {
                throw new InvalidOperationException(
                    $"Parameter {index} has {length} elements but its optimizer state was created for {buffer.Length}; create a new optimizer after replacing a parameter's value with one of another size.");
            }

            return buffer;
        }

        /// <summary>Throws unless <paramref name="value"/> is finite and not negative.</summary>
        /// <param name="value">The hyperparameter.</param>
        /// <param name="name">The argument's name, for the message.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative, infinite or NaN.</exception>
        protected static void RequireNonNegative(double value, string name)
        {
            if (!(value >= 0) || double.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number not below 0.");
            }
        }

        /// <summary>Throws unless <paramref name="value"/> lies in [0, 1).</summary>
        /// <param name="value">The hyperparameter, such as an exponential decay rate.</param>
        /// <param name="name">The argument's name, for the message.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is outside [0, 1) or NaN.</exception>
        protected static void RequireUnitInterval(double value, string name)
        {
            if (!(value >= 0 && value < 1))
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1).");
            }
        }
    }
}
