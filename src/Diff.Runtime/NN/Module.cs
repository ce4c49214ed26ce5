using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Diff.Checkpoints;

namespace Diff.NN
{
    /// <summary>
    /// The base of every layer and model, like PyTorch's <c>nn.Module</c>: it owns parameters and
    /// submodules, names them, switches between training and evaluation, and saves and loads them.
    /// </summary>
    /// <remarks>
    /// A derived class registers its parameters (<see cref="RegisterParameter(string, Tensor)"/>) and
    /// submodules (<see cref="RegisterModule{T}(string, T)"/>) in its constructor, in PyTorch's order,
    /// and overrides <see cref="Forward(Tensor)"/> with a <c>[Differentiable]</c> method in a
    /// <c>partial</c> class; the generator then writes its gradient, which flows into each
    /// <see cref="Parameter.Grad"/>.
    /// </remarks>
    public abstract partial class Module
    {
        // Kept as lists, not dictionaries, because registration order is the order PyTorch names,
        // iterates and saves in.
        private readonly List<(string Name, Parameter Parameter)> _parameters = new();
        private readonly List<(string Name, Module Module)> _modules = new();
        private readonly List<Buffer> _buffers = new();

        /// <summary>Whether the module is in training mode (the default) rather than evaluation mode.</summary>
        public bool Training { get; private set; } = true;

        /// <summary>Computes the module's output for <paramref name="input"/>.</summary>
        /// <param name="input">The input tensor.</param>
        /// <returns>The output tensor.</returns>
        [Differentiable]
        public abstract Tensor Forward(Tensor input);

        /// <summary>
        /// The parameters of this module and all its submodules, each once, in registration order
        /// (PyTorch's <c>parameters()</c>); the sequence to hand to an optimizer.
        /// </summary>
        /// <returns>The parameters.</returns>
        public IEnumerable<Parameter> Parameters()
        {
            foreach ((string _, Parameter parameter) in NamedParameters())
            {
                yield return parameter;
            }
        }

        /// <summary>
        /// The parameters with PyTorch's names: the registered name, prefixed by the names of the
        /// submodules that lead to it and joined with '.' (<c>"0.weight"</c>, <c>"encoder.2.bias"</c>).
        /// </summary>
        /// <remarks>
        /// A module's own parameters come first, then each submodule's in registration order. A
        /// parameter shared by several modules appears once, under the first name that reaches it,
        /// as in PyTorch.
        /// </remarks>
        /// <returns>The named parameters.</returns>
        public IEnumerable<(string Name, Parameter Parameter)> NamedParameters()
        {
            HashSet<Parameter> seen = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
            List<(string, Parameter)> result = new List<(string, Parameter)>();
            Collect(this, string.Empty, seen, result);
            return result;
        }

        /// <summary>The directly registered submodules with their names, in registration order.</summary>
        /// <returns>The named children (PyTorch's <c>named_children()</c>).</returns>
        public IEnumerable<(string Name, Module Module)> NamedChildren() => _modules.ToArray();

        /// <summary>
        /// Clears the gradient of every parameter: each <see cref="Parameter.Grad"/> becomes null,
        /// like PyTorch's <c>zero_grad()</c> with its default <c>set_to_none=True</c>.
        /// </summary>
        public void ZeroGrad()
        {
            foreach (Parameter parameter in Parameters())
            {
                parameter.ZeroGrad();
            }
        }

        /// <summary>Sets training mode on this module and all its submodules.</summary>
        /// <param name="mode">True for training, false for evaluation.</param>
        /// <returns>This module, for chaining.</returns>
        public Module Train(bool mode = true)
        {
            Training = mode;
            foreach ((string _, Module module) in _modules)
            {
                module.Train(mode);
            }

            return this;
        }

        /// <summary>
        /// Sets evaluation mode on this module and all its submodules: for example,
        /// <see cref="Dropout"/> passes its input through unchanged.
        /// </summary>
        /// <returns>This module, for chaining.</returns>
        public Module Eval() => Train(false);

        /// <summary>
        /// The buffers of this module and all its submodules with PyTorch's dotted names
        /// (<c>"1.running_mean"</c>), in registration order: state that is saved and loaded but not
        /// trained, such as BatchNorm's running statistics.
        /// </summary>
        /// <returns>The named buffers (PyTorch's <c>named_buffers()</c>); the tensors are the module's own.</returns>
        public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers()
        {
            List<(string, Tensor)> result = new List<(string, Tensor)>();
            CollectBuffers(this, string.Empty, result);
            return result;
        }

        /// <summary>
        /// Copies of all parameters' and buffers' values keyed by PyTorch's names, in PyTorch's
        /// order: each module's parameters, then its buffers, then its submodules' (PyTorch's
        /// <c>state_dict()</c>, which also copies when asked to).
        /// </summary>
        /// <returns>A new dictionary whose tensors do not share storage with the module.</returns>
        public Dictionary<string, Tensor> StateDict()
        {
            Dictionary<string, Tensor> state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (StateEntry entry in StateEntries())
            {
                state.Add(entry.Name, entry.Target.Clone());
            }

            return state;
        }

        /// <summary>
        /// Copies <paramref name="state"/> into the parameters, in place, after checking all of it:
        /// every parameter must have exactly one entry of its shape, and no other entry may exist
        /// (PyTorch's <c>load_state_dict</c> with <c>strict=True</c>). On error nothing is changed.
        /// </summary>
        /// <param name="state">Tensors keyed by <see cref="NamedParameters"/> names, in any order.</param>
        /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
        /// <exception cref="ArgumentException">
        /// Keys are missing or unexpected, a tensor is null, or a shape differs; the message lists
        /// every such key, with both shapes for a mismatch.
        /// </exception>
        public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
        {
            ArgumentNullException.ThrowIfNull(state);
            List<StateEntry> targets = StateEntries();
            string? problems = FindStateProblems(targets, state);
            if (problems is not null)
            {
                throw new ArgumentException("The state does not fit the module: " + problems, nameof(state));
            }

            CopyState(targets, state);
        }

        /// <summary>
        /// Writes the parameters to a safetensors file at <paramref name="path"/>, under their
        /// <see cref="NamedParameters"/> names, so that PyTorch's <c>safetensors</c> can read it.
        /// </summary>
        /// <remarks>
        /// The file is written beside the destination under a temporary name and then renamed over
        /// it, so a failure or crash never leaves a half-written checkpoint: the destination holds
        /// either its previous content or the complete new one.
        /// </remarks>
        /// <param name="path">The destination file; it is replaced if it exists.</param>
        /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
        public void Save(string path)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            List<(string, Tensor)> tensors = new List<(string, Tensor)>();
            HashSet<string> int64Names = new HashSet<string>(StringComparer.Ordinal);
            foreach (StateEntry entry in StateEntries())
            {
                // Checkpoints are written from the host, whatever device the module is on.
                tensors.Add((entry.Name, entry.Target.To(Device.Cpu)));
                if (entry.IsInt64)
                {
                    int64Names.Add(entry.Name);
                }
            }

            SafeTensors.WriteFileAtomically(path, tensors, int64Names: int64Names);
        }

        /// <summary>
        /// Reads a safetensors file written by <see cref="Save(string)"/> or by PyTorch and copies its
        /// tensors into the parameters, after checking the whole file and that it fits the module.
        /// </summary>
        /// <remarks>
        /// Tensors may be stored in any order. On any error the parameters keep their previous values.
        /// </remarks>
        /// <param name="path">The file to read.</param>
        /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="InvalidDataException">
        /// The file is not valid safetensors (truncated, bad header, unsupported dtype, bad offsets),
        /// or a key is missing or unexpected, or a shape differs; the message names the key, and both
        /// shapes for a mismatch.
        /// </exception>
        public void Load(string path)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            IReadOnlyList<(string Name, Tensor Tensor)> read;
            using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
            {
                read = SafeTensors.Read(stream);
            }

            Dictionary<string, Tensor> state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach ((string name, Tensor tensor) in read)
            {
                state.Add(name, tensor);
            }

            List<StateEntry> targets = StateEntries();
            string? problems = FindStateProblems(targets, state);
            if (problems is not null)
            {
                throw new InvalidDataException($"The checkpoint '{path}' does not fit the module: " + problems);
            }

            CopyState(targets, state);
        }

        /// <summary>
        /// Moves every parameter, and its gradient, to <paramref name="device"/>, like PyTorch's
        /// <c>module.to(device)</c>; later optimizer steps update them there.
        /// </summary>
        /// <param name="device">The device to move to.</param>
        /// <returns>This module, for chaining.</returns>
        /// <remarks>
        /// Buffers move in place, so that the layers holding them see the moved tensors: BatchNorm's
        /// running statistics, say. Counters stored as integers in checkpoints (BatchNorm's
        /// <c>num_batches_tracked</c>) stay on the CPU, where they are counted.
        /// </remarks>
        public Module To(Device device)
        {
            ArgumentNullException.ThrowIfNull(device);
            foreach (Parameter parameter in Parameters())
            {
                parameter.MoveTo(device);
            }

            MoveBuffers(this, device);
            return this;
        }

        private static void MoveBuffers(Module module, Device device)
        {
            foreach (Buffer buffer in module._buffers)
            {
                if (!buffer.StoredAsInt64)
                {
                    buffer.Value.MoveInPlace(device);
                }
            }

            foreach ((string _, Module child) in module._modules)
            {
                MoveBuffers(child, device);
            }
        }

        /// <summary>
        /// Registers a parameter under <paramref name="name"/>; call it in the constructor, in the
        /// order PyTorch's module registers (for example weight before bias).
        /// </summary>
        /// <param name="name">A non-empty name without '.', unique among this module's parameters and submodules.</param>
        /// <param name="value">The initial value.</param>
        /// <returns>The new parameter, to keep in a property or field.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
        /// <exception cref="ArgumentException">The name is empty, contains '.', or is taken.</exception>
        protected Parameter RegisterParameter(string name, Tensor value)
        {
            ValidateName(name);
            ArgumentNullException.ThrowIfNull(value);
            Parameter parameter = new Parameter(value);
            _parameters.Add((name, parameter));
            return parameter;
        }

        /// <summary>
        /// Registers a buffer under <paramref name="name"/>: state saved in the state dict and in
        /// checkpoints but not trained (PyTorch's <c>register_buffer</c>, persistent). Call it in the
        /// constructor, after the parameters, in PyTorch's order.
        /// </summary>
        /// <param name="name">A non-empty name without '.', unique among this module's parameters, buffers and submodules.</param>
        /// <param name="value">The buffer; the module keeps this tensor and updates it in place.</param>
        /// <param name="storedAsInt64">Whether checkpoints store it as 64-bit integers (I64), as PyTorch does for counters.</param>
        /// <returns><paramref name="value"/>.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
        /// <exception cref="ArgumentException">The name is empty, contains '.', or is taken.</exception>
        protected Tensor RegisterBuffer(string name, Tensor value, bool storedAsInt64 = false)
        {
            ValidateName(name);
            ArgumentNullException.ThrowIfNull(value);
            // A buffer outlives any gradient call, so its storage must never go back to the pool.
            value.MarkShared();
            _buffers.Add(new Buffer(name, value, storedAsInt64));
            return value;
        }

        /// <summary>Registers a submodule under <paramref name="name"/>; call it in the constructor.</summary>
        /// <typeparam name="T">The submodule's type.</typeparam>
        /// <param name="name">A non-empty name without '.', unique among this module's parameters and submodules.</param>
        /// <param name="module">The submodule.</param>
        /// <returns><paramref name="module"/>, to keep in a property or field.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="module"/> is null.</exception>
        /// <exception cref="ArgumentException">
        /// The name is empty, contains '.', or is taken, or <paramref name="module"/> is this module.
        /// </exception>
        protected T RegisterModule<T>(string name, T module) where T : Module
        {
            ValidateName(name);
            ArgumentNullException.ThrowIfNull(module);
            if (ReferenceEquals(module, this))
            {
                throw new ArgumentException($"A module cannot be registered as its own submodule '{name}'.", nameof(module));
            }

            _modules.Add((name, module));
            return module;
        }

        private void ValidateName(string name)
        {
            ArgumentNullException.ThrowIfNull(name);
            if (name.Length == 0)
            {
                throw new ArgumentException("A parameter or submodule name must not be empty.", nameof(name));
            }

            if (name.Contains('.'))
            {
                // '.' joins the names of nested modules, so it would make names ambiguous.
                throw new ArgumentException($"The name '{name}' must not contain '.'.", nameof(name));
            }

            foreach ((string existing, Parameter _) in _parameters)
            {
                if (existing == name)
                {
                    throw new ArgumentException($"The name '{name}' is already taken by a parameter of {GetType().Name}.", nameof(name));
                }
            }

            foreach ((string existing, Module _) in _modules)
            {
                if (existing == name)
                {
                    throw new ArgumentException($"The name '{name}' is already taken by a submodule of {GetType().Name}.", nameof(name));
                }
            }

            foreach (Buffer existing in _buffers)
            {
                if (existing.Name == name)
                {
                    throw new ArgumentException($"The name '{name}' is already taken by a buffer of {GetType().Name}.", nameof(name));
                }
            }
        }

        private static void CollectBuffers(Module module, string prefix, List<(string, Tensor)> result)
        {
            foreach (Buffer buffer in module._buffers)
            {
                result.Add((prefix + buffer.Name, buffer.Value));
            }

            foreach ((string name, Module child) in module._modules)
            {
                CollectBuffers(child, prefix + name + ".", result);
            }
        }

        /// <summary>Every tensor of the state dict in PyTorch's order: per module its parameters, its buffers, then its submodules.</summary>
        private List<StateEntry> StateEntries()
        {
            List<StateEntry> result = new List<StateEntry>();
            CollectState(this, string.Empty, new HashSet<Parameter>(ReferenceEqualityComparer.Instance), result);
            return result;
        }

        private static void CollectState(Module module, string prefix, HashSet<Parameter> seen, List<StateEntry> result)
        {
            foreach ((string name, Parameter parameter) in module._parameters)
            {
                if (seen.Add(parameter))
                {
                    result.Add(new StateEntry(prefix + name, parameter.Value, false, false));
                }
            }

            foreach (Buffer buffer in module._buffers)
            {
                result.Add(new StateEntry(prefix + buffer.Name, buffer.Value, buffer.StoredAsInt64, true));
            }

            foreach ((string name, Module child) in module._modules)
            {
                CollectState(child, prefix + name + ".", seen, result);
            }
        }

        private static void Collect(Module module, string prefix, HashSet<Parameter> seen, List<(string, Parameter)> result)
        {
            foreach ((string name, Parameter parameter) in module._parameters)
            {
                if (seen.Add(parameter))
                {
                    result.Add((prefix + name, parameter));
                }
            }

            foreach ((string name, Module child) in module._modules)
            {
                Collect(child, prefix + name + ".", seen, result);
            }
        }

        /// <summary>Every reason <paramref name="state"/> does not fit, or null when it fits.</summary>
        private static string? FindStateProblems(List<StateEntry> targets, IReadOnlyDictionary<string, Tensor> state)
        {
            List<string> missing = new List<string>();
            List<string> mismatched = new List<string>();
            HashSet<string> expected = new HashSet<string>(StringComparer.Ordinal);
            foreach ((string name, Tensor target, bool _, bool isBuffer) in targets)
            {
                expected.Add(name);
                if (!state.TryGetValue(name, out Tensor? tensor))
                {
                    missing.Add(name);
                }
                else if (tensor is null)
                {
                    mismatched.Add($"'{name}' is null");
                }
                else if (!Shapes.Equal(tensor.Shape, target.Shape))
                {
                    mismatched.Add($"'{name}' has shape {Shapes.Format(tensor.Shape)} but the {(isBuffer ? "buffer" : "parameter")} has shape {Shapes.Format(target.Shape)}");
                }
            }

            List<string> unexpected = new List<string>();
            foreach (KeyValuePair<string, Tensor> entry in state)
            {
                if (!expected.Contains(entry.Key))
                {
                    unexpected.Add(entry.Key);
                }
            }

            if (missing.Count == 0 && unexpected.Count == 0 && mismatched.Count == 0)
            {
                return null;
            }

            StringBuilder message = new StringBuilder();
            if (missing.Count > 0)
            {
                message.Append("missing keys: '").Append(string.Join("', '", missing)).Append("'. ");
            }

            if (unexpected.Count > 0)
            {
                message.Append("unexpected keys: '").Append(string.Join("', '", unexpected)).Append("'. ");
            }

            if (mismatched.Count > 0)
            {
                message.Append("shape mismatches: ").Append(string.Join("; ", mismatched)).Append('.');
            }

            return message.ToString().TrimEnd();
        }

        private static void CopyState(List<StateEntry> targets, IReadOnlyDictionary<string, Tensor> state)
        {
            foreach ((string name, Tensor target, bool _, bool _) in targets)
            {
                // In place, so that tensors held elsewhere (views, captured values) see the new weights.
                target.CopyFrom(state[name]);
            }
        }

        private sealed record Buffer(string Name, Tensor Value, bool StoredAsInt64);

        private sealed record StateEntry(string Name, Tensor Target, bool IsInt64, bool IsBuffer);
    }
}
