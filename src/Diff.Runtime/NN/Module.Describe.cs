using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Diff.NN
{
    public abstract partial class Module
    {
        /// <summary>
        /// Describes the module tree like PyTorch's <c>repr</c>: the type name with
        /// <see cref="ExtraRepr"/>'s arguments, and each submodule indented on its own line as
        /// <c>(name): …</c>.
        /// </summary>
        /// <returns>For example <c>Net(\n  (conv): Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1))\n)</c>.</returns>
        public override string ToString()
        {
            string extra = ExtraRepr();
            if (_modules.Count == 0)
            {
                return GetType().Name + "(" + extra + ")";
            }

            StringBuilder builder = new StringBuilder(GetType().Name).Append('(');
            if (extra.Length > 0)
            {
                builder.Append("\n  ").Append(extra.Replace("\n", "\n  ", StringComparison.Ordinal));
            }

            foreach ((string name, Module module) in _modules)
            {
                string inner = module.ToString()!.Replace("\n", "\n  ", StringComparison.Ordinal);
                builder.Append("\n  (").Append(name).Append("): ").Append(inner);
            }

            return builder.Append("\n)").ToString();
        }

        /// <summary>The layer's arguments as PyTorch's <c>extra_repr</c> prints them; empty by default.</summary>
        /// <returns>For example <c>8, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True</c>.</returns>
        protected virtual string ExtraRepr() => string.Empty;

        /// <summary>
        /// Runs a zero input of <paramref name="inputShape"/> through the model in evaluation mode
        /// and lists each layer's output shape and parameter count, with the totals.
        /// </summary>
        /// <remarks>
        /// <see cref="Sequential"/> containers are followed layer by layer (nested ones too); any
        /// other module is one row for its whole forward pass, with all its parameters. Training
        /// modes are restored afterwards, and evaluation mode keeps running statistics unchanged.
        /// </remarks>
        /// <param name="inputShape">The input's shape, batch dimension included.</param>
        /// <returns>A table, one row per layer.</returns>
        /// <exception cref="ArgumentException">The shape is not valid or does not fit the model (the layer's own exception says why).</exception>
        public string Summary(params int[] inputShape)
        {
            ArgumentNullException.ThrowIfNull(inputShape);
            List<(Module Module, bool Training)> modes = new List<(Module, bool)>();
            RecordModes(this, modes);
            List<(string Name, string Shape, long Parameters)> rows = new List<(string, string, long)>();
            try
            {
                Eval();
                // The example input goes where the parameters are, so that a model on a GPU can be described.
                Device device = Parameters().FirstOrDefault()?.Value.Device ?? Device.Cpu;
                Trace(this, string.Empty, Tensor.Zeros(inputShape, device), rows);
            }
            finally
            {
                foreach ((Module module, bool training) in modes)
                {
                    module.Training = training;
                }
            }

            long total = Parameters().Sum(p => (long)p.Value.Count);
            int nameWidth = Math.Max(20, rows.Max(r => r.Name.Length) + 2);
            int shapeWidth = Math.Max(16, rows.Max(r => r.Shape.Length) + 2);
            StringBuilder builder = new StringBuilder();
            builder.Append("Layer (type)".PadRight(nameWidth)).Append("Output Shape".PadRight(shapeWidth)).Append("Param #").Append('\n');
            builder.Append(new string('=', nameWidth + shapeWidth + 10)).Append('\n');
            foreach ((string name, string shape, long parameters) in rows)
            {
                builder.Append(name.PadRight(nameWidth)).Append(shape.PadRight(shapeWidth))
                    .Append(parameters.ToString("N0", CultureInfo.InvariantCulture)).Append('\n');
            }

            builder.Append(new string('=', nameWidth + shapeWidth + 10)).Append('\n');
            builder.Append("Input shape: ").Append(Shapes.Format(inputShape)).Append('\n');
            builder.Append("Total params: ").Append(total.ToString("N0", CultureInfo.InvariantCulture)).Append('\n');
            return builder.ToString();
        }

        private static void RecordModes(Module module, List<(Module, bool)> modes)
        {
            modes.Add((module, module.Training));
            foreach ((string _, Module child) in module._modules)
            {
                RecordModes(child, modes);
            }
        }

        private static Tensor Trace(Module module, string name, Tensor input, List<(string, string, long)> rows)
        {
            if (module is Sequential sequential)
            {
                Tensor output = input;
                foreach ((string childName, Module child) in sequential._modules)
                {
                    output = Trace(child, name.Length == 0 ? childName : name + "." + childName, output, rows);
                }

                return output;
            }

            Tensor result = module.Forward(input);
            long parameters = module.Parameters().Sum(p => (long)p.Value.Count);
            string label = (name.Length == 0 ? string.Empty : name + " ") + "(" + module.GetType().Name + ")";
            rows.Add((label, Shapes.Format(result.Shape), parameters));
            return result;
        }

        /// <summary>Formats a size or tuple of sizes as PyTorch prints them: <c>(3, 3)</c>, <c>(3,)</c>.</summary>
        internal static string Tuple(params int[] values) =>
            values.Length == 1 ? "(" + values[0].ToString(CultureInfo.InvariantCulture) + ",)" : "(" + string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + ")";

        /// <summary>Formats a float as Python's <c>repr</c> does for the usual hyperparameters: <c>1e-05</c>, <c>0.1</c>, <c>1.0</c>.</summary>
        internal static string PythonFloat(double value)
        {
            string text = value.ToString("R", CultureInfo.InvariantCulture);
            if (text.Contains('E'))
            {
                // .NET writes 1E-05; Python writes 1e-05.
                text = text.Replace("E", "e", StringComparison.Ordinal);
                return text;
            }

            return text.Contains('.') || text.Contains("Infinity", StringComparison.Ordinal) || text == "NaN" ? text : text + ".0";
        }

        /// <summary>Python's spelling of a boolean.</summary>
        internal static string PythonBool(bool value) => value ? "True" : "False";
    }
}
