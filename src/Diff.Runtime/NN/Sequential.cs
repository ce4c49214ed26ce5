using System;
using System.Globalization;
using System.Text;

namespace Diff.NN
{
    /// <summary>
    /// A chain of modules applied in order, like PyTorch's <c>nn.Sequential</c>; the modules are
    /// registered as <c>"0"</c>, <c>"1"</c>, …, so their parameters are named <c>"0.weight"</c>,
    /// <c>"2.bias"</c>, and so on.
    /// </summary>
    public sealed partial class Sequential : Module
    {
        private readonly Module[] _layers;

        /// <summary>Creates the chain.</summary>
        /// <param name="layers">The modules, applied first to last.</param>
        /// <exception cref="ArgumentNullException"><paramref name="layers"/> or one of its elements is null.</exception>
        public Sequential(params Module[] layers)
        {
            ArgumentNullException.ThrowIfNull(layers);
            _layers = new Module[layers.Length];
            for (int i = 0; i < layers.Length; i++)
            {
                if (layers[i] is null)
                {
                    throw new ArgumentNullException(nameof(layers), $"The layer at index {i} is null.");
                }

                _layers[i] = RegisterModule(i.ToString(CultureInfo.InvariantCulture), layers[i]);
            }
        }

        /// <summary>The number of modules in the chain.</summary>
        public int Count => _layers.Length;

        /// <summary>The module at <paramref name="index"/>, as PyTorch's <c>model[0]</c>.</summary>
        /// <param name="index">The module's position, from 0.</param>
        /// <returns>The module.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a position in the chain.</exception>
        public Module this[int index]
        {
            get
            {
                if ((uint)index >= (uint)_layers.Length)
                {
                    throw new ArgumentOutOfRangeException(nameof(index), index, $"The chain has {_layers.Length} modules.");
                }

                return _layers[index];
            }
        }

        /// <summary>Passes <paramref name="input"/> through every module in order.</summary>
        /// <param name="input">The first module's input.</param>
        /// <returns>The last module's output; the input itself for an empty chain.</returns>
        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            if (_layers.Length == 0)
            {
                return input;
            }

            // The first module is handed the chain's own input, not a copy in a local, so that its pullback gets the
            // caller's gradient slot for it: a null-ref slot when the input needs no gradient (a batch of data), where
            // a Linear then skips its dInput product, as PyTorch does for an input that does not require grad.
            Tensor output = _layers[0].Forward(input);
            for (int i = 1; i < _layers.Length; i++)
            {
                output = _layers[i].Forward(output);
            }

            return output;
        }

        /// <summary>Describes the chain like PyTorch does, one module a line.</summary>
        /// <returns>For example <c>Sequential(\n  (0): Linear(…)\n)</c>.</returns>
        public override string ToString()
        {
            StringBuilder builder = new StringBuilder("Sequential(");
            for (int i = 0; i < _layers.Length; i++)
            {
                string inner = _layers[i].ToString()!.Replace("\n", "\n  ", StringComparison.Ordinal);
                builder.Append("\n  (").Append(i.ToString(CultureInfo.InvariantCulture)).Append("): ").Append(inner);
            }

            return builder.Append(_layers.Length > 0 ? "\n)" : ")").ToString();
        }
    }
}
