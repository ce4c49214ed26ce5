using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Analyse;
using Diff.Generator.Emit;
using Diff.Generator.Model;
using Diff.Generator.Parse;

namespace Diff.Generator.Differentiate
{
    internal sealed partial class AdjointWriter
    {
        /// <summary>
        /// A call to a method that writes buffers (it has a Pullback). Forward: snapshot the buffers
        /// on the tape, record scalar arguments, make the call. Reverse: rebuild the buffers as they
        /// were before the call in scratch arrays and run the callee's pullback on them, which turns
        /// the adjoints of their final values into adjoints of their initial values.
        /// </summary>
        private CodeBuilder? WriteCall(CallStmt call, CodeBuilder forward, Context context)
        {
            bool work = HasReverseWork(call);
            if (!work)
            {
                forward.Line(call.Call.FallbackCode + ";");
                return null;
            }

            var pops = new List<string>();
            forward.Line("// " + call.Source);
            var arguments = new string[call.Call.Args.Count];
            var adjointsByArg = new string?[call.Call.Args.Count];
            var bufferSetups = new List<CodeBuilder>();
            var reverseSetup = new CodeBuilder();
            var reverseFinish = new CodeBuilder();

            // Buffers first, scalars after: the reverse pops the scalars, then the buffers backwards.
            foreach (bool buffers in new[] { true, false })
            for (int i = 0; i < call.Call.Args.Count; i++)
            {
                CallArg arg = call.Call.Args[i];
                bool isBuffer = arg.Role is ArgRole.Array or ArgRole.Span && arg.BufferName is not null;
                if (isBuffer != buffers)
                {
                    continue;
                }

                switch (arg.Role)
                {
                    case ArgRole.Array or ArgRole.Span when arg.BufferName is not null:
                    {
                        var setup = new CodeBuilder();
                        bufferSetups.Insert(0, setup);
                        string keyword = SymbolFacts.Keyword(arg.Value.Kind);
                        string tape = Tape(arg.Value.Kind);
                        string k = _names.Fresh("k");
                        PushAll(forward, tape, arg.BufferName);
                        string scratch = _names.Fresh("m");
                        setup.Line($"var {scratch} = new {keyword}[{arg.BufferName}.Length];");
                        setup.Line($"for (int {k} = {scratch}.Length - 1; {k} >= 0; {k}--) {scratch}[{k}] = {Pop(tape)};");
                        arguments[i] = scratch;
                        adjointsByArg[i] = (_active.Contains(arg.BufferName) ? AdjointOf(arg.BufferName, arg.Value.Kind) : $"new {keyword}[{arg.BufferName}.Length]");
                        break;
                    }

                    case ArgRole.Scalar:
                    {
                        string keyword = SymbolFacts.Keyword(arg.Value.Kind);
                        string value = RenderPlain(arg.Value);
                        arguments[i] = Save(arg.Value.Kind, value, context, forward, pops);
                        string partial = _names.Fresh("g");
                        reverseSetup.Line($"{keyword} {partial} = 0;");
                        adjointsByArg[i] = "ref " + partial;
                        if (arg.Value is VarExpr variable && _active.Contains(variable.Name))
                        {
                            reverseFinish.Line($"{AdjointOf(variable.Name, variable.Kind)} += {partial};");
                        }

                        break;
                    }

                    default:
                        // A constant argument the reverse sweep cannot evaluate again with the same value
                        // (a counter that moves on) is recorded.
                        arguments[i] = arg.Value is OpaqueExpr constant && !IsStable(constant) && constant.IsIntegral
                            ? SaveIntegral(constant, context, forward, pops)
                            : RenderPlain(arg.Value);
                        break;
                }
            }

            // The call itself, with each argument evaluated once (lowering put anything with side effects in a local).
            forward.Line(call.Call.PrimalMethod.Length == 0
                ? call.Call.FallbackCode + ";"
                : $"{call.Call.PrimalMethod}({string.Join(", ", call.Call.Args.Select(a => a.Value is VarExpr v ? v.Name : RenderPlain(a.Value)))});");
            IEnumerable<string> adjoints = adjointsByArg.Where(a => a is not null)!;
            var reverse = new CodeBuilder();
            reverse.Line("// " + call.Source);
            foreach (string pop in pops)
            {
                reverse.Line(pop);
            }

            foreach (CodeBuilder setup in bufferSetups)
            {
                reverse.Append(setup);
            }

            reverse.Append(reverseSetup);
            reverse.Line($"{call.Call.AdjointMethod}({string.Join(", ", arguments.Concat(adjoints))});");
            reverse.Append(reverseFinish);
            return reverse;
        }
    }
}
