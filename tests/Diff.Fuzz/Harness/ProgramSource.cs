using System.Collections.Generic;
using System.Linq;
using System.Text;
using Diff.Fuzz.Model;
using Diff.Fuzz.Printing;

namespace Diff.Fuzz.Harness
{
    /// <summary>
    /// The C# of one program in a batch. <see cref="Plain"/> compiles without the generator: the program (class
    /// <c>P{k}</c>), its double twin (<c>P{k}T</c>) and the value drivers (<c>P{k}D</c>). <see cref="Gradient"/> holds
    /// the drivers of the generated <c>MGradient</c> (<c>P{k}G</c>). Every driver takes the differentiable inputs
    /// packed in one <c>double[]</c>.
    /// </summary>
    public sealed class ProgramSource
    {
        /// <summary>The value of a <c>[NoDiff] double</c> parameter.</summary>
        public const double NoDiffValue = 0.75;

        public ProgramSource(FuzzProgram program, int index)
        {
            Program = program;
            Index = index;
            ClassName = "P" + index;
            var slots = new List<string>();
            var floats = new List<bool>();
            foreach (Param p in program.Main.Params.Where(Differentiable))
            {
                if (p.Kind is null)
                {
                    slots.Add(p.Name);
                    floats.Add(p.T == Ty.Float);
                }
                else
                {
                    for (int q = 0; q < program.Length; q++)
                    {
                        slots.Add($"{p.Name}[{q}]");
                        floats.Add(p.T == Ty.Float);
                    }
                }
            }

            SlotNames = slots;
            FloatSlots = floats;
            string user = CSharpPrinter.Program(program, ClassName);
            UserCode = user;
            UsesFloat = user.Contains("float", System.StringComparison.Ordinal);
            JacobianMethods = program.Helpers.Where(h => JacobianCheck.HasJacobian(h, program.Helpers)).ToList();
            Plain = CSharpPrinter.Usings + "\n" + user + "\n" + CSharpPrinter.Twin(program, ClassName + "T") + "\n" + ValueDrivers();
            Gradient = CSharpPrinter.Usings + "\n" + GradientDrivers();
        }

        public FuzzProgram Program { get; }

        public int Index { get; }

        public string ClassName { get; }

        /// <summary>The program alone, as a user writes it (what a failure report prints).</summary>
        public string UserCode { get; }

        public string Plain { get; }

        public string Gradient { get; }

        public IReadOnlyList<string> SlotNames { get; }

        public IReadOnlyList<bool> FloatSlots { get; }

        public bool UsesFloat { get; }

        /// <summary>
        /// The methods of the program that have an <c>MJacobian</c> companion (void helpers that write a buffer); each has a
        /// driver <c>Jacobian_{name}</c> in <c>P{k}G</c> (<see cref="JacobianCheck"/>).
        /// </summary>
        public IReadOnlyList<Method> JacobianMethods { get; }

        public bool WritesParameters => Program.WrittenParams.Count > 0;

        private static bool Differentiable(Param p) => !p.NoDiff && p.T is Ty.Double or Ty.Float;

        private string Unpack(bool twin)
        {
            var sb = new StringBuilder();
            int slot = 0;
            int length = Program.Length;
            foreach (Param p in Program.Main.Params)
            {
                string t = p.T == Ty.Float && !twin ? "float" : "double";
                string convert = p.T == Ty.Float && !twin ? "(float)" : string.Empty;
                if (p.T == Ty.Int)
                {
                    sb.Append($"        int {p.Name} = {length};\n");
                }
                else if (p.NoDiff)
                {
                    sb.Append($"        double {p.Name} = {NoDiffValue.ToString(System.Globalization.CultureInfo.InvariantCulture)};\n");
                }
                else if (p.Kind is null)
                {
                    sb.Append($"        {t} {p.Name} = {convert}z[{slot++}];\n");
                }
                else
                {
                    sb.Append($"        {t}[] {p.Name} = new {t}[{length}];\n");
                    sb.Append($"        for (int q = 0; q < {length}; q++) {p.Name}[q] = {convert}z[{slot} + q];\n");
                    slot += length;
                }
            }

            return sb.ToString();
        }

        private string Arguments => string.Join(", ", Program.Main.Params.Select(p => p.Name));

        private string ValueDrivers()
        {
            var sb = new StringBuilder();
            sb.Append($"public static class {ClassName}D\n{{\n");
            sb.Append("    public static double Eval(double[] z)\n    {\n").Append(Unpack(false));
            sb.Append($"        return (double){ClassName}.M({Arguments});\n    }}\n");
            sb.Append("    public static double Twin(double[] z, double[] info)\n    {\n").Append(Unpack(true));
            sb.Append($"        Tr.Reset();\n        double r = {ClassName}T.M({Arguments});\n");
            sb.Append("        info[0] = Tr.Margin;\n        info[1] = BitConverter.Int64BitsToDouble(Tr.Trace);\n        return r;\n    }\n}\n");
            return sb.ToString();
        }

        private string GradientDrivers()
        {
            var adjoints = new StringBuilder();
            var collect = new StringBuilder();
            var adjointArgs = new List<string>();
            int slot = 0;
            int length = Program.Length;
            foreach (Param p in Program.Main.Params.Where(Differentiable))
            {
                string t = p.T == Ty.Float ? "float" : "double";
                string name = "adj_" + p.Name;
                if (p.Kind is null)
                {
                    adjoints.Append($"        {t} {name} = 0;\n");
                    adjointArgs.Add("ref " + name);
                    collect.Append($"        g[{slot++}] += {name};\n");
                }
                else
                {
                    adjoints.Append($"        {t}[] {name} = new {t}[{length}];\n");
                    adjointArgs.Add(name);
                    collect.Append($"        for (int q = 0; q < {length}; q++) g[{slot} + q] += {name}[q];\n");
                    slot += length;
                }
            }

            string call = $"{ClassName}.MGradient({string.Join(", ", Program.Main.Params.Select(p => p.Name).Concat(adjointArgs))})";
            var sb = new StringBuilder();
            sb.Append($"public static class {ClassName}G\n{{\n");
            sb.Append("    public static double Grad(double[] z, double[] g)\n    {\n").Append(adjoints).Append(Unpack(false));
            sb.Append($"        double r = (double){call};\n").Append(collect).Append("        return r;\n    }\n");
            sb.Append("    public static double Grad2(double[] z, double[] g)\n    {\n").Append(adjoints);
            sb.Append("        double r = 0;\n        for (int rep = 0; rep < 2; rep++)\n        {\n");
            sb.Append(Unpack(false).Replace("        ", "            "));
            sb.Append($"            r = (double){call};\n        }}\n").Append(collect).Append("        return r;\n    }\n");

            // MTangent in direction v (laid out like z): returns the tangent of the result; info[0] gets the value.
            var tangents = new StringBuilder();
            var tangentArgs = new List<string>();
            slot = 0;
            foreach (Param p in Program.Main.Params.Where(Differentiable))
            {
                string t = p.T == Ty.Float ? "float" : "double";
                string convert = p.T == Ty.Float ? "(float)" : string.Empty;
                string name = "tan_" + p.Name;
                if (p.Kind is null)
                {
                    tangents.Append($"        {t} {name} = {convert}v[{slot++}];\n");
                }
                else
                {
                    tangents.Append($"        {t}[] {name} = new {t}[{length}];\n");
                    tangents.Append($"        for (int q = 0; q < {length}; q++) {name}[q] = {convert}v[{slot} + q];\n");
                    slot += length;
                }

                tangentArgs.Add(name);
            }

            string tangentCall = $"{ClassName}.MTangent({string.Join(", ", Program.Main.Params.Select(p => p.Name).Concat(tangentArgs))}, out var tResult)";
            sb.Append("    public static double Tangent(double[] z, double[] v, double[] info)\n    {\n").Append(Unpack(false)).Append(tangents);
            sb.Append($"        info[0] = (double){tangentCall};\n        return (double)tResult;\n    }}\n");

            // MTangentLanes in the eight directions vs[0..7]: lane l's tangent of the result into lanes[l]; returns the value.
            var laneTangents = new StringBuilder();
            var laneArgs = new List<string>();
            slot = 0;
            const string Lanes = "global::Diff.Internal.TangentLanes";
            foreach (Param p in Program.Main.Params.Where(Differentiable))
            {
                string name = "lan_" + p.Name;
                if (p.Kind is null)
                {
                    laneTangents.Append($"        {Lanes} {name} = 0;\n");
                    laneTangents.Append($"        for (int l = 0; l < {Lanes}.Width; l++) {name} += vs[l][{slot++}] * {Lanes}.Unit(l);\n");
                }
                else
                {
                    laneTangents.Append($"        {Lanes}[] {name} = new {Lanes}[{length}];\n");
                    laneTangents.Append($"        for (int q = 0; q < {length}; q++) for (int l = 0; l < {Lanes}.Width; l++) {name}[q] += vs[l][{slot} + q] * {Lanes}.Unit(l);\n");
                    slot += length;
                }

                laneArgs.Add(name);
            }

            string lanesCall = $"{ClassName}.MTangentLanes({string.Join(", ", Program.Main.Params.Select(p => p.Name).Concat(laneArgs))}, out var lResult)";
            sb.Append("    public static double TangentLanes(double[] z, double[][] vs, double[] lanes)\n    {\n").Append(Unpack(false)).Append(laneTangents);
            sb.Append($"        double r = (double){lanesCall};\n");
            sb.Append($"        for (int l = 0; l < {Lanes}.Width; l++) lanes[l] = lResult[l];\n        return r;\n    }}\n");

            // MHessianVector in direction v: the gradient into g and H·v into hv, both laid out like z; returns the value.
            var products = new StringBuilder();
            var productArgs = new List<string>();
            var collectProducts = new StringBuilder();
            slot = 0;
            foreach (Param p in Program.Main.Params.Where(Differentiable))
            {
                string t = p.T == Ty.Float ? "float" : "double";
                string name = "hv_" + p.Name;
                if (p.Kind is null)
                {
                    products.Append($"        {t} {name} = 0;\n");
                    productArgs.Add("ref " + name);
                    collectProducts.Append($"        hv[{slot++}] += {name};\n");
                }
                else
                {
                    products.Append($"        {t}[] {name} = new {t}[{length}];\n");
                    productArgs.Add(name);
                    collectProducts.Append($"        for (int q = 0; q < {length}; q++) hv[{slot} + q] += {name}[q];\n");
                    slot += length;
                }
            }

            string hessianCall = $"{ClassName}.MHessianVector({string.Join(", ", Program.Main.Params.Select(p => p.Name).Concat(tangentArgs).Concat(adjointArgs).Concat(productArgs))})";
            sb.Append("    public static double HessianVector(double[] z, double[] v, double[] g, double[] hv)\n    {\n").Append(adjoints).Append(products).Append(Unpack(false)).Append(tangents);
            sb.Append($"        double r = (double){hessianCall};\n").Append(collect).Append(collectProducts).Append("        return r;\n    }\n");
            foreach (Method method in JacobianMethods)
            {
                sb.Append(JacobianCheck.DriverSource(ClassName, method, Program.Helpers));
            }

            sb.Append("}\n");
            return sb.ToString();
        }
    }
}
