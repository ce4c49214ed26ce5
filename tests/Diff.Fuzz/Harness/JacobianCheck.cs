using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Diff.Fuzz.Model;

namespace Diff.Fuzz.Harness
{
    /// <summary>
    /// The check of <c>MJacobian</c>, written for each method of a program that has one: a void method that writes a
    /// differentiable buffer parameter (the generated void helpers). Rows are the buffers it writes, in parameter order;
    /// columns its other differentiable inputs (scalars, and the elements of buffers it only reads). At a random point,
    /// with buffers of one element (one row: <c>MJacobian</c> runs <c>MPullback</c> once), of the program's length (reverse
    /// mode in lanes where there is <c>MPullbackLanes</c>) and seven elements longer (more than eight rows: forward mode in
    /// lanes); a length at which the method itself throws (an index written for the program's length) is left out:
    /// <list type="bullet">
    /// <item>each row equals <c>MPullback</c> with that output's adjoint 1 and the others 0;</item>
    /// <item>each column equals <c>MTangent</c> with that input's tangent 1 and the others 0;</item>
    /// <item>the written buffers end as one call of the method leaves them.</item>
    /// </list>
    /// Every run starts from the same initial buffers. All three are exact, so the tolerance is rounding's: 1e-9
    /// relative (1e-4 for a method with a float parameter, local or cast). NaN agrees with NaN. An entry where a reference is not finite
    /// must agree with one of the two references: forward and reverse mode legitimately differ where a zero meets an
    /// infinite partial, and <c>MJacobian</c> follows the mode it chose (a Jacobian in reverse lanes with a NaN is computed
    /// again by rows). Finite differences are not used: the references are exact.
    /// </summary>
    public static class JacobianCheck
    {
        /// <summary>How much longer than the program's length the long buffers are: enough for more than eight rows.</summary>
        public const int LongerBy = 7;

        /// <summary>The delegate of a driver <c>Jacobian_{name}</c>: (z, n, results) → false when the method itself throws at that length.</summary>
        public delegate bool Driver(double[] z, int n, double[][] results);

        /// <summary>Indices of the driver's results.</summary>
        public const int JacobianResult = 0, PullbackRows = 1, TangentColumns = 2, AfterJacobian = 3, AfterCall = 4;

        private static bool Differentiable(Param p) => !p.NoDiff && p.T is Ty.Double or Ty.Float;

        /// <summary>Whether the generator writes an <c>MJacobian</c> for <paramref name="method"/>: void, writes a differentiable buffer parameter, and has another differentiable input.</summary>
        public static bool HasJacobian(Method method, IReadOnlyList<Method> helpers)
        {
            var (outputs, inputs) = Shape(method, helpers);
            return method.Return == Ty.Void && outputs.Count > 0 && inputs.Count > 0;
        }

        /// <summary>The rows (written differentiable buffers) and columns (other differentiable parameters) of the method's Jacobian.</summary>
        public static (IReadOnlyList<Param> Outputs, IReadOnlyList<Param> Inputs) Shape(Method method, IReadOnlyList<Method> helpers)
        {
            var outputs = method.Params.Where(p => Differentiable(p) && p.Kind is BufKind.Array or BufKind.Span && Writes(method, p.Name, helpers, 0)).ToList();
            var inputs = method.Params.Where(p => Differentiable(p) && !outputs.Contains(p)).ToList();
            return (outputs, inputs);
        }

        private static int Size(Param p, int n) => p.Kind is null ? 1 : n;

        /// <summary>Whether <paramref name="method"/> writes an element of <paramref name="buffer"/>, itself or through a call.</summary>
        public static bool Writes(Method method, string buffer, IReadOnlyList<Method> helpers, int depth)
        {
            if (depth > 4)
            {
                return false;
            }

            foreach (Stmt s in Statements(method.Body))
            {
                if (s is Assign { Target: ElemRef e } && e.Buffer == buffer)
                {
                    return true;
                }

                foreach (Expr x in StatementExprs(s).SelectMany(Expressions.SelfAndDescendants))
                {
                    if (x is Call call && helpers.FirstOrDefault(h => h.Name == call.Method) is { } callee)
                    {
                        for (int i = 0; i < call.Args.Count && i < callee.Params.Count; i++)
                        {
                            bool passes = call.Args[i] is BufRef r && r.Name == buffer || call.Args[i] is SliceRef { CopiesArray: false } slice && slice.Name == buffer;
                            if (passes && Writes(callee, callee.Params[i].Name, helpers, depth + 1))
                            {
                                return true;
                            }
                        }
                    }
                }
            }

            return false;
        }

        private static IEnumerable<Stmt> Statements(IEnumerable<Stmt> body)
        {
            foreach (Stmt s in body)
            {
                yield return s;
                IEnumerable<Stmt> inner = s switch
                {
                    If i => i.Then.Concat(i.Else ?? Array.Empty<Stmt>()),
                    For f => f.Body,
                    While w => w.Body,
                    Foreach f => f.Body,
                    Switch sw => sw.Cases.SelectMany(c => c.Body).Concat(sw.Default ?? Array.Empty<Stmt>()),
                    _ => Array.Empty<Stmt>(),
                };
                foreach (Stmt t in Statements(inner))
                {
                    yield return t;
                }
            }
        }

        private static IEnumerable<Expr> StatementExprs(Stmt s) => s switch
        {
            Decl d => new[] { d.Init },
            ArrayDecl a => new[] { a.Length },
            SpanDecl { Length: { } length } => new[] { length },
            Assign a => new[] { a.Target, a.Value },
            TupleAssign t => new[] { t.EA, t.EB },
            RecreateArray r => new[] { r.Length },
            LocalFunctionDecl f => (f.Lets ?? Array.Empty<LocalLet>()).Select(l => l.Value)
                .Concat((f.Guards ?? Array.Empty<LocalGuard>()).SelectMany(g => new[] { g.Condition, g.Value })).Append(f.Body).ToArray(),
            ExprStmt e => new[] { e.E },
            BufferOp { Value: { } v } => new[] { v },
            If i => new[] { i.Condition },
            For f => new[] { f.From, f.To },
            While w => new[] { w.Condition },
            Switch sw => new[] { sw.Subject },
            Return { Value: { } v } => new[] { v },
            _ => Array.Empty<Expr>(),
        };

        /// <summary>
        /// The C# of the driver <c>Jacobian_{name}</c> of <paramref name="method"/> in class <paramref name="className"/>:
        /// it takes the differentiable inputs packed in <c>z</c> (parameter order, buffers of length <c>n</c>) and fills
        /// <c>results</c> (see <see cref="JacobianResult"/>…<see cref="AfterCall"/>); false when the method itself throws at length n.
        /// </summary>
        public static string DriverSource(string className, Method method, IReadOnlyList<Method> helpers)
        {
            var (outputs, inputs) = Shape(method, helpers);
            string Type(Param p) => p.T == Ty.Float ? "float" : "double";
            string jacobianType = method.Params.Where(Differentiable).All(p => p.T == Ty.Float) ? "float" : "double";
            string Sum(IEnumerable<Param> ps) => string.Join(" + ", ps.Select(p => p.Kind is null ? "1" : "n").DefaultIfEmpty("0"));
            var sb = new StringBuilder();
            sb.Append($"    public static bool Jacobian_{method.Name}(double[] z, int n, double[][] o)\n    {{\n");
            sb.Append($"        int rows = {Sum(outputs)}, columns = {Sum(inputs)};\n");
            var load = new StringBuilder();
            string slot = "0";
            foreach (Param p in method.Params)
            {
                if (!Differentiable(p))
                {
                    string value = p.T == Ty.Int ? "n" : ProgramSource.NoDiffValue.ToString(CultureInfo.InvariantCulture);
                    sb.Append($"        {(p.T == Ty.Int ? "int" : "double")} {p.Name} = {value};\n");
                    continue;
                }

                string convert = p.T == Ty.Float ? "(float)" : string.Empty;
                if (p.Kind is null)
                {
                    sb.Append($"        {Type(p)} {p.Name} = {convert}z[{slot}];\n");
                }
                else
                {
                    sb.Append($"        {Type(p)}[] {p.Name} = new {Type(p)}[n];\n");
                    load.Append($"            for (int q = 0; q < n; q++) {p.Name}[q] = {convert}z[{slot} + q];\n");
                }

                slot += " + " + (p.Kind is null ? "1" : "n");
            }

            sb.Append("        void Load()\n        {\n").Append(load).Append("        }\n");
            string arguments = string.Join(", ", method.Params.Select(p => p.Name));
            var differentiable = method.Params.Where(Differentiable).ToList();

            // The method itself: false when it does not run at this length (an index written for the program's length).
            sb.Append("        Load();\n");
            sb.Append($"        try {{ {className}.{method.Name}({arguments}); }} catch (IndexOutOfRangeException) {{ return false; }}\n");
            sb.Append(CopyOutputs(outputs, "o[4]"));

            sb.Append("        Load();\n");
            sb.Append($"        var jacobian = new {jacobianType}[rows * columns];\n");
            sb.Append($"        {className}.{method.Name}Jacobian({arguments}, jacobian);\n");
            sb.Append("        for (int k = 0; k < rows * columns; k++) o[0][k] = jacobian[k];\n");
            sb.Append(CopyOutputs(outputs, "o[3]"));

            // Rows by MPullback: seed output r, read the inputs' adjoints.
            sb.Append("        for (int r = 0; r < rows; r++)\n        {\n            Load();\n");
            sb.Append(Shadows(differentiable, "d_"));
            sb.Append(SeedText(outputs, "d_", "r"));
            string adjoints = string.Join(", ", differentiable.Select(p => (p.Kind is null ? "ref " : string.Empty) + "d_" + p.Name));
            sb.Append($"            {className}.{method.Name}Pullback({arguments}, {adjoints});\n");
            sb.Append(ReadText(inputs, "d_", "o[1][r * columns + ({0})]"));
            sb.Append("        }\n");

            // Columns by MTangent: seed input c, read the outputs' tangents.
            sb.Append("        for (int c = 0; c < columns; c++)\n        {\n            Load();\n");
            sb.Append(Shadows(differentiable, "t_"));
            sb.Append(SeedText(inputs, "t_", "c"));
            string tangents = string.Join(", ", differentiable.Select(p => "t_" + p.Name));
            sb.Append($"            {className}.{method.Name}Tangent({arguments}, {tangents});\n");
            sb.Append(ReadText(outputs, "t_", "o[2][({0}) * columns + c]"));
            sb.Append("        }\n        return true;\n    }\n");
            return sb.ToString();

            string Shadows(IEnumerable<Param> ps, string prefix) => string.Concat(ps.Select(p => p.Kind is null
                ? $"            {Type(p)} {prefix}{p.Name} = 0;\n"
                : $"            {Type(p)}[] {prefix}{p.Name} = new {Type(p)}[n];\n"));
        }

        private static string CopyOutputs(IEnumerable<Param> outputs, string target)
        {
            var sb = new StringBuilder();
            string offset = "0";
            foreach (Param p in outputs)
            {
                sb.Append($"        for (int q = 0; q < n; q++) {target}[{offset} + q] = {p.Name}[q];\n");
                offset += " + n";
            }

            return sb.ToString();
        }

        private static string SeedText(IEnumerable<Param> ps, string prefix, string index)
        {
            var sb = new StringBuilder();
            string offset = "0";
            foreach (Param p in ps)
            {
                string local = $"{index} - ({offset})";
                sb.Append(p.Kind is null
                    ? $"            if ({local} == 0) {prefix}{p.Name} = 1;\n"
                    : $"            if ({local} >= 0 && {local} < n) {prefix}{p.Name}[{local}] = 1;\n");
                offset += p.Kind is null ? " + 1" : " + n";
            }

            return sb.ToString();
        }

        private static string ReadText(IEnumerable<Param> ps, string prefix, string at)
        {
            var sb = new StringBuilder();
            string offset = "0";
            foreach (Param p in ps)
            {
                sb.Append(p.Kind is null
                    ? $"            {string.Format(CultureInfo.InvariantCulture, at, offset)} = {prefix}{p.Name};\n"
                    : $"            for (int q = 0; q < n; q++) {string.Format(CultureInfo.InvariantCulture, at, offset + " + q")} = {prefix}{p.Name}[q];\n");
                offset += p.Kind is null ? " + 1" : " + n";
            }

            return sb.ToString();
        }

        /// <summary>What the Jacobian checks of one program found: the first failure, if any, and how many Jacobians were checked.</summary>
        public sealed record Result(string? Class, string Detail, int Checked, int Wide);

        /// <summary>
        /// The relative tolerance of <paramref name="method"/>'s comparisons: rounding's, 1e-9, or 1e-4 when the method
        /// computes in float anywhere (a parameter, a local, a cast), where MPullback keeps those adjoints in single precision
        /// and the Jacobian's lanes are double.
        /// </summary>
        public static double ToleranceFor(Method method)
        {
            string body = Printing.CSharpPrinter.Statements(method.Body);
            bool single = method.Params.Any(p => Differentiable(p) && p.T == Ty.Float)
                || body.Contains("float", StringComparison.Ordinal) || body.Contains("MathF", StringComparison.Ordinal);
            return single ? 1e-4 : 1e-9;
        }

        /// <summary>
        /// Checks every <c>MJacobian</c> of the program at a random point, with buffers of length 1, the program's length and
        /// <see cref="LongerBy"/> more. <paramref name="driverOf"/> gives the driver of a method by name.
        /// </summary>
        public static Result Run(ProgramSource source, Func<string, Driver> driverOf, ulong seed)
        {
            int done = 0, wide = 0;
            foreach (Method method in source.JacobianMethods)
            {
                Driver driver = driverOf(method.Name);
                var (outputs, inputs) = Shape(method, source.Program.Helpers);
                double tolerance = ToleranceFor(method);
                var random = new System.Random(unchecked((int)seed ^ (int)(seed >> 32) ^ (7919 * (1 + source.JacobianMethods.ToList().IndexOf(method)))));
                foreach (int n in new[] { 1, source.Program.Length, source.Program.Length + LongerBy })
                {
                    int rows = outputs.Sum(p => Size(p, n)), columns = inputs.Sum(p => Size(p, n));
                    var slots = method.Params.Where(Differentiable).SelectMany(p => Enumerable.Repeat(p, Size(p, n))).ToList();
                    double[] z = slots.Select(p => { double v = random.NextDouble() * 3.0 - 1.5; return p.T == Ty.Float ? (float)v : v; }).ToArray();
                    var results = new[] { new double[rows * columns], new double[rows * columns], new double[rows * columns], new double[rows], new double[rows] };
                    bool ran;
                    try
                    {
                        ran = driver(z, n, results);
                    }
                    catch (Exception e)
                    {
                        return new Result(FailureClass.GradientThrows + ":jacobian-" + e.GetType().Name, $"{method.Name} with buffers of length {n} at z = {Vector(z)}: the Jacobian check threw {e.GetType().Name}: {e.Message}", done, wide);
                    }

                    if (!ran)
                    {
                        continue;
                    }

                    string? mismatch = Compare(results[JacobianResult], results[PullbackRows], results[TangentColumns], rows, columns, tolerance)
                        ?? CompareBuffers(results[AfterJacobian], results[AfterCall], tolerance);
                    if (mismatch is not null)
                    {
                        return new Result(FailureClass.WrongJacobian, $"{method.Name}Jacobian ({rows} × {columns}, buffers of length {n}) at z = {Vector(z)}: {mismatch}", done, wide);
                    }

                    done++;
                    if (rows > 8 || columns > 8)
                    {
                        wide++;
                    }
                }
            }

            return new Result(null, $"{done} Jacobian(s) checked", done, wide);
        }

        /// <summary>Whether two exact results agree: both NaN, equal (infinities included), or finite and within <paramref name="tolerance"/> relative.</summary>
        public static bool Agree(double a, double b, double tolerance) =>
            (double.IsNaN(a) && double.IsNaN(b)) || a == b
            || (double.IsFinite(a) && double.IsFinite(b) && Math.Abs(a - b) <= tolerance * (1.0 + Math.Max(Math.Abs(a), Math.Abs(b))));

        /// <summary>
        /// Compares the Jacobian (row-major) with rows from <c>MPullback</c> and columns from <c>MTangent</c>; null when they
        /// agree, else a description of the first row and column that do not. Where every value is finite the Jacobian must
        /// agree with both; where one is not, with at least one of them (the mode it used).
        /// </summary>
        public static string? Compare(double[] jacobian, double[] pullbackRows, double[] tangentColumns, int rows, int columns, double tolerance)
        {
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < columns; c++)
                {
                    int k = r * columns + c;
                    double j = jacobian[k], p = pullbackRows[k], t = tangentColumns[k];
                    bool finite = double.IsFinite(j) && double.IsFinite(p) && double.IsFinite(t);
                    bool rowAgrees = Agree(j, p, tolerance), columnAgrees = Agree(j, t, tolerance);
                    if (finite ? rowAgrees && columnAgrees : rowAgrees || columnAgrees)
                    {
                        continue;
                    }

                    string which = !rowAgrees && !columnAgrees ? "neither MPullback's row nor MTangent's column" : !rowAgrees ? "MPullback's row" : "MTangent's column";
                    return $"entry ({r}, {c}) is {R(j)}, MPullback's row {r} gives {R(p)}, MTangent's column {c} gives {R(t)}: the Jacobian disagrees with {which} by {R(Math.Max(Math.Abs(j - p), Math.Abs(j - t)))}\n"
                        + $"  row {r}: Jacobian {Vector(Row(jacobian, r, columns))}, MPullback {Vector(Row(pullbackRows, r, columns))}\n"
                        + $"  column {c}: Jacobian {Vector(Column(jacobian, c, rows, columns))}, MTangent {Vector(Column(tangentColumns, c, rows, columns))}";
                }
            }

            return null;
        }

        /// <summary>The written buffers after <c>MJacobian</c> against one call of the method.</summary>
        public static string? CompareBuffers(double[] afterJacobian, double[] afterCall, double tolerance)
        {
            for (int i = 0; i < afterCall.Length; i++)
            {
                if (!Agree(afterJacobian[i], afterCall[i], tolerance))
                {
                    return $"after MJacobian the written buffers hold {Vector(afterJacobian)}, one call of the method leaves {Vector(afterCall)} (element {i})";
                }
            }

            return null;
        }

        private static double[] Row(double[] m, int r, int columns) => m.Skip(r * columns).Take(columns).ToArray();

        private static double[] Column(double[] m, int c, int rows, int columns) => Enumerable.Range(0, rows).Select(r => m[r * columns + c]).ToArray();

        private static string R(double v) => v.ToString("G10", CultureInfo.InvariantCulture);

        private static string Vector(double[] z) => "[" + string.Join(", ", z.Select(R)) + "]";
    }
}
