using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Differentiate.Recording;
using Diff.Generator.Model;
using Diff.Generator.Parse;

namespace Diff.Generator.Emit
{
    /// <summary>
    /// Prints the two halves of a pullback that its callers record once: <c>MRecord</c>, the forward sweep, and
    /// <c>MReverse</c>, the reverse sweep, over tapes shared with the caller (<c>Diff.Internal.CallTape</c>).
    /// </summary>
    /// <remarks>
    /// The reverse sweep of a one-piece adjoint reads the locals the forward sweep left at the top of the body
    /// (recorded slots, flags, local arrays, top-level integers). Split in two, those locals are the frame that
    /// <c>MRecord</c> pushes last and <c>MReverse</c> pops first, so the reverse sweep runs on exactly what it
    /// would have seen in one piece. Only the locals the printed reverse sweep names are kept. A frame local of a
    /// type no tape can hold (a span) makes the method fall back to halves that snapshot the buffers it writes
    /// and run its pullback (<see cref="Fallback"/>).
    /// </remarks>
    internal static class RecordReversePrinter
    {
        /// <summary>One local of the frame: its name, its C# type, and how it is kept.</summary>
        /// <param name="Pushed">What is pushed, when not the local itself (an array's length).</param>
        /// <param name="Then">A declaration the reverse half makes right after popping it (an adjoint array of that length).</param>
        private sealed record FrameLocal(string Name, string Type, FrameStorage Storage, string? Pushed = null, string? Then = null);

        private enum FrameStorage
        {
            Double,
            Float,
            Integer,
            Boolean,
            WideInteger,
            Reference,

            /// <summary>A <c>const</c> declaration, declared again rather than kept.</summary>
            Constant,
        }

        /// <summary>
        /// The bodies of <c>MRecord</c> and <c>MReverse</c>, or null when a frame local cannot be kept on a tape.
        /// <paramref name="callTape"/> names their shared-tapes parameter.
        /// </summary>
        public static (CodeBuilder Record, CodeBuilder Reverse)? Print(ScalarAdjointMethod method, TapeRecording recording, string callTape)
        {
            recording.Share(callTape);
            recording.PoolsScratch = true;
            CodeBuilder reverseSweep = ScalarAdjointPrinter.Print(method.Reverse, recording);
            HashSet<string> named = Identifiers(reverseSweep);

            // The method's local functions the reverse sweep calls (an index `dY[Wrap(i)]`) are declared again in it, and
            // what they capture is then part of the frame.
            var localFunctions = new List<string>();
            foreach (InactiveStmt function in method.Forward.OfType<RunInactiveStmt>().Select(r => r.Statement).Where(s => s.LocalFunction is not null))
            {
                if (named.Contains(function.LocalFunction!))
                {
                    localFunctions.Add(function.Code);
                    IdentifierScan.AddTo(function.Code, named);
                }
            }

            // The adjoint of a local array declared at the top of the body is allocated by the reverse half, from the
            // array's length: the forward half never uses it, and every call's would be alive until the caller's
            // reverse sweep otherwise.
            var lazyAdjoints = method.Forward.OfType<AllocateAdjointStmt>().Where(a => a.Length is LengthValue)
                .GroupBy(a => a.Adjoint, System.StringComparer.Ordinal).Where(g => g.Count() == 1)
                .ToDictionary(g => g.Key, g => g.Single(), System.StringComparer.Ordinal);
            // A local array no reference outlives takes its storage from the pool, as in the gradient (a Record half runs
            // once per call of its caller, often in a loop), unless the reverse half reads it through the frame: one declared
            // at the top of the body that the reverse sweep names must live until that runs, and keeps new. One declared in
            // a loop or a branch is rebuilt by the reverse sweep from the tape, into storage of its own.
            EquatableArray<SweepStmt> forwardSteps = method.Forward
                .Where(step => step is not AllocateAdjointStmt a || !lazyAdjoints.ContainsKey(a.Adjoint))
                .Select(step => step is DeclareArrayStmt { Pool: not null } array && named.Contains(array.Name) ? array with { Pool = null } : step)
                .ToEquatableArray();
            var pooledHere = new SortedSet<string>(
                SweepBodies.All(forwardSteps).OfType<DeclareArrayStmt>().Select(a => a.Pool).OfType<string>().Where(pool => !named.Contains(pool)),
                System.StringComparer.Ordinal);
            bool poolsLocalArrays = recording.PoolsLocalArrays;
            recording.PoolsLocalArrays = true;
            var forwardSweep = new CodeBuilder();
            ScalarAdjointPrinter.PrintSteps(forwardSweep, forwardSteps, recording);
            recording.PoolsLocalArrays = poolsLocalArrays;
            HashSet<string> forwardNames = Identifiers(forwardSweep);

            var frame = new List<FrameLocal>();
            var again = new List<string>();
            foreach ((string name, string? type, string? code) in Declarations(method))
            {
                if (code is not null)
                {
                    again.Add(code);
                    continue;
                }

                if (!named.Contains(name))
                {
                    continue;
                }

                if (lazyAdjoints.TryGetValue(name, out AllocateAdjointStmt? allocation) && !forwardNames.Contains(name))
                {
                    string length = "__length_" + name.TrimStart('@');
                    frame.Add(new FrameLocal(length, "int", FrameStorage.Integer, ValuePrinter.Print(allocation.Length),
                        $"{type} {name} = global::Diff.Internal.ScratchArrays.Rent<{SymbolFacts.Keyword(allocation.Element)}>({length});"));
                    continue;
                }

                // A local the forward sweep never names (an adjoint accumulator) still holds its initial value.
                if (method.Locals.FirstOrDefault(l => l is DeclareStmt d && d.Name == name) is DeclareStmt unchanged && !forwardNames.Contains(name))
                {
                    again.Add($"{unchanged.Type} {unchanged.Name} = {unchanged.Initializer};");
                    continue;
                }

                FrameStorage? storage = type is null ? null : StorageOf(type);
                if (storage is null)
                {
                    return null;
                }

                frame.Add(new FrameLocal(name, type!, storage.Value));
            }

            var record = new CodeBuilder();
            ScalarAdjointPrinter.PrintSteps(record, method.Locals, recording);
            recording.Open(record);
            record.Line("// Forward sweep: the original computation, recording what the reverse sweep needs.");
            record.Append(forwardSweep);
            if (frame.Count > 0)
            {
                record.Line("// The frame the reverse sweep starts from.");
            }

            // One reservation per tape for the whole frame, then plain stores.
            foreach (IGrouping<ScalarKind, FrameLocal> onTape in frame.Where(l => TapeOf(l.Storage) is not null).GroupBy(l => TapeOf(l.Storage)!.Value))
            {
                record.Line(recording.Reserve(onTape.Key, onTape.Count().ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            foreach (FrameLocal local in frame)
            {
                Push(record, recording, callTape, local);
            }

            recording.Store(record);
            foreach (string pool in pooledHere)
            {
                record.Line($"global::Diff.Internal.ScratchArrays.Return({pool});");
            }

            if (method.Reverse.ResultKind != ScalarKind.Void)
            {
                record.Line("return __result;");
            }

            var reverse = new CodeBuilder();
            recording.Open(reverse);
            foreach (string declaration in again)
            {
                reverse.Line(declaration);
            }

            for (int i = frame.Count - 1; i >= 0; i--)
            {
                Pop(reverse, recording, callTape, frame[i]);
            }

            foreach (string function in localFunctions)
            {
                reverse.Line(function);
            }

            reverse.Line("// Reverse sweep: adjoints flow back from the result.");
            reverse.Append(reverseSweep);
            recording.Store(reverse);

            // The method-level scratch and adjoint arrays go back for the next call: nothing holds them any more.
            var declaredHere = new HashSet<string>(frame.Select(l => l.Then is null ? l.Name : DeclaredName(l.Then)).Concat(again.Select(DeclaredName)), System.StringComparer.Ordinal);
            ScalarAdjointPrinter.ReturnPooledArrays(reverse, method, recording, declaredHere);

            return (record, reverse);
        }

        /// <summary>The name a declaration <c>Type name = …;</c> declares.</summary>
        private static string DeclaredName(string declaration)
        {
            string left = declaration.Split('=')[0].Trim();
            return left.Substring(left.LastIndexOf(' ') + 1);
        }

        /// <summary>The identifiers of printed code, outside comments.</summary>
        private static HashSet<string> Identifiers(CodeBuilder code)
        {
            var names = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (string line in code.Texts)
            {
                // The printer writes comments on lines of their own.
                if (line.StartsWith("//", System.StringComparison.Ordinal))
                {
                    continue;
                }

                IdentifierScan.AddTo(line, names);
            }

            return names;
        }

        /// <summary>
        /// Halves for a method whose frame no tape can hold: <c>MRecord</c> snapshots the buffers it writes and runs it;
        /// <c>MReverse</c> rebuilds them as they were and runs the pullback <paramref name="pullback"/> on them, which
        /// runs the method again. <paramref name="tail"/> is what the pullback takes after the arguments.
        /// </summary>
        public static (CodeBuilder Record, CodeBuilder Reverse) Fallback(MethodModel method, IReadOnlyList<ParamModel> written, string callTape, string pullback, IEnumerable<string> tail)
        {
            var record = new CodeBuilder();
            foreach (ParamModel buffer in written)
            {
                string tape = buffer.Element == ScalarKind.Float ? "Float" : "Double";
                string keyword = SymbolFacts.Keyword(buffer.Element);
                record.Line($"{callTape}.{tape}s = global::Diff.Internal.TapeArrays.Reserve({callTape}.{tape}s, {callTape}.{tape}Count, {buffer.Name}.Length);");
                record.Line($"((global::System.ReadOnlySpan<{keyword}>){buffer.Name}).CopyTo(new global::System.Span<{keyword}>({callTape}.{tape}s, {callTape}.{tape}Count, {buffer.Name}.Length));");
                record.Line($"{callTape}.{tape}Count += {buffer.Name}.Length;");
            }

            string call = method.Name + "(" + string.Join(", ", method.Parameters.Select(p => p.Name)) + ")";
            record.Line(method.ReturnKind == ScalarKind.Void ? call + ";" : "return " + call + ";");

            // The buffers as they were before the call, rebuilt in the reverse order of their snapshots.
            var reverse = new CodeBuilder();
            var rebuilt = new Dictionary<string, string>(System.StringComparer.Ordinal);
            for (int i = written.Count - 1; i >= 0; i--)
            {
                ParamModel buffer = written[i];
                string tape = buffer.Element == ScalarKind.Float ? "Float" : "Double";
                string keyword = SymbolFacts.Keyword(buffer.Element);
                string copy = "__before_" + buffer.Name.TrimStart('@');
                rebuilt[buffer.Name] = copy;
                reverse.Line($"{callTape}.{tape}Count -= {buffer.Name}.Length;");
                reverse.Line($"var {copy} = global::Diff.Internal.ScratchArrays.RentCopy(new global::System.ReadOnlySpan<{keyword}>({callTape}.{tape}s, {callTape}.{tape}Count, {buffer.Name}.Length));");
            }

            IEnumerable<string> arguments = method.Parameters.Select(p => rebuilt.TryGetValue(p.Name, out string? copy) ? copy : p.Name).Concat(tail);
            reverse.Line($"{pullback}({string.Join(", ", arguments)});");
            foreach (string copy in rebuilt.Values)
            {
                reverse.Line($"global::Diff.Internal.ScratchArrays.Return({copy});");
            }

            return (record, reverse);
        }

        /// <summary>The names the locals and the top of the forward sweep declare, in order, with their types (null: not known); <c>const</c> ones with their code.</summary>
        private static IEnumerable<(string Name, string? Type, string? ConstantCode)> Declarations(ScalarAdjointMethod method)
        {
            foreach (SweepStmt step in method.Locals.Concat(method.Forward))
            {
                switch (step)
                {
                    case DeclareStmt declare:
                        yield return (declare.Name, declare.Type, null);
                        break;
                    case RunInactiveStmt { Statement: { Declares: true } declaration }:
                    {
                        bool constant = declaration.Code.StartsWith("const ", System.StringComparison.Ordinal);
                        foreach (Declarator declarator in declaration.Declarators)
                        {
                            yield return (declarator.Name, declaration.DeclaredType is { Kind: not IrTypeKind.Unknown } type ? type.Name : null, constant ? declaration.Code : null);
                            if (constant)
                            {
                                break;
                            }
                        }

                        break;
                    }

                    case DeclareArrayStmt array:
                        yield return (array.Name, SymbolFacts.Keyword(array.Element) + "[]", null);
                        break;
                    case PrimalAssignStmt { DeclaredType: { } declared } assign:
                        yield return (assign.Target, declared == "var" ? Keyword(assign.Value.Kind) : declared, null);
                        break;
                    case TempStmt temp:
                        yield return (temp.Name, Keyword(temp.Value.Kind), null);
                        break;
                    case SinCosStmt sinCos:
                        yield return (sinCos.Sine, Keyword(sinCos.Argument.Kind), null);
                        yield return (sinCos.Cosine, Keyword(sinCos.Argument.Kind), null);
                        break;
                    case IndexStmt index:
                        yield return (index.Local, "int", null);
                        break;
                    case GradientCallStmt call:
                        yield return (call.Temp, Keyword(call.ResultKind), null);
                        break;
                    case PrimalCallStmt { ResultDeclaration: { } declaration }:
                    {
                        int space = declaration.LastIndexOf(' ');
                        string type = declaration.Substring(0, space);
                        yield return (declaration.Substring(space + 1), type == "var" ? null : type, null);
                        break;
                    }

                    case AllocateVectorStmt { Reuses: false } vector:
                        yield return (vector.Name, SymbolFacts.Keyword(vector.Element) + "[]", null);
                        break;
                    case DeclarePartialStmt partial:
                        yield return (partial.Name, SymbolFacts.Keyword(partial.Kind), null);
                        break;
                }
            }
        }

        private static string? Keyword(ScalarKind kind) => kind switch
        {
            ScalarKind.Double => "double",
            ScalarKind.Float => "float",
            ScalarKind.Integer => "int",
            ScalarKind.Boolean => "bool",
            _ => null,
        };

        private static FrameStorage? StorageOf(string type)
        {
            switch (type)
            {
                case "double":
                    return FrameStorage.Double;
                case "float":
                    return FrameStorage.Float;
                case "int":
                    return FrameStorage.Integer;
                case "bool":
                    return FrameStorage.Boolean;
                case "long" or "short" or "byte" or "sbyte" or "ushort" or "uint" or "ulong" or "char":
                    return FrameStorage.WideInteger;
                case "var" or "nint" or "nuint" or "dynamic":
                    return null;
            }

            // A span (or any ref struct this check knows) cannot be boxed; pointers cannot either.
            if (type.Contains("Span<") || type.Contains("*"))
            {
                return null;
            }

            return FrameStorage.Reference;
        }

        /// <summary>The tape a frame local goes on; null for a reference, which goes on the tapes' object stack.</summary>
        private static ScalarKind? TapeOf(FrameStorage storage) => storage switch
        {
            FrameStorage.Double => ScalarKind.Double,
            FrameStorage.Float => ScalarKind.Float,
            FrameStorage.Integer or FrameStorage.Boolean => ScalarKind.Integer,
            FrameStorage.WideInteger => ScalarKind.Other,
            _ => null,
        };

        /// <summary>Pushes a frame local (its tape already has room: see the reservations before the pushes).</summary>
        private static void Push(CodeBuilder code, TapeRecording recording, string callTape, FrameLocal local)
        {
            string value = local.Storage switch
            {
                FrameStorage.Boolean => $"{local.Name} ? 1 : 0",
                FrameStorage.WideInteger => $"(long){local.Name}",
                _ => local.Pushed ?? local.Name,
            };
            if (TapeOf(local.Storage) is { } kind)
            {
                code.Line(recording.PushReserved(kind, value));
            }
            else
            {
                code.Line($"{callTape}.PushObject({local.Name});");
            }
        }

        private static void Pop(CodeBuilder code, TapeRecording recording, string callTape, FrameLocal local)
        {
            string value = local.Storage switch
            {
                FrameStorage.Double => recording.Pop(ScalarKind.Double),
                FrameStorage.Float => recording.Pop(ScalarKind.Float),
                FrameStorage.Integer => recording.Pop(ScalarKind.Integer),
                FrameStorage.Boolean => recording.Pop(ScalarKind.Integer) + " != 0",
                FrameStorage.WideInteger => $"({local.Type}){recording.Pop(ScalarKind.Other)}",
                _ => $"({local.Type}){callTape}.PopObject()!",
            };
            code.Line($"{local.Type} {local.Name} = {value};");
            if (local.Then is not null)
            {
                code.Line(local.Then);
            }
        }
    }
}
