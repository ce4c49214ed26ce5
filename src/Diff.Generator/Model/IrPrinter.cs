using System.Linq;
using System.Text;

namespace Diff.Generator.Model
{
    /// <summary>Prints the IR as indented pseudo-C#, for debugging the phases and for tests.</summary>
    internal static class IrPrinter
    {
        public static string Print(Block block)
        {
            var output = new StringBuilder();
            Print(block, output, 0);
            return output.ToString();
        }

        public static string Print(Expr expr) => expr switch
        {
            ValueExpr opaque => "⟨" + opaque.Code + "⟩",
            VarExpr variable => variable.Name,
            ElemExpr element => element.Array + "[" + element.Index.Code + "]",
            NegateExpr negate => "-(" + Print(negate.Operand) + ")",
            BinaryExpr binary => "(" + Print(binary.Left) + " " + binary.Op + " " + Print(binary.Right) + ")",
            ConvertExpr convert => "(" + convert.Kind + ")" + Print(convert.Operand),
            IntrinsicCallExpr call => call.Owner + "." + call.Rule + "(" + string.Join(", ", call.Args.Select(Print)) + ")",
            UserCallExpr call => (call.AdjointMethod.Length > 0 ? call.AdjointMethod : "?" + call.RegistrationKey)
                                 + "(" + string.Join(", ", call.Args.Select(a => a.Role + " " + Print(a.Value))) + ")",
            ConditionalExpr conditional => "(" + conditional.Condition.Code + " ? " + Print(conditional.WhenTrue) + " : " + Print(conditional.WhenFalse) + ")",
            TensorOpExpr op => "op[" + op.Backward + "](" + string.Join(", ", op.Args.Select(a => a.Code)) + ")",
            TensorCallExpr call => "call " + call.Receiver + call.Method + "(" + string.Join(", ", call.Args.Select(a => a.Code)) + ")",
            ParameterValueExpr parameter => parameter.ParameterCode + ".Value",
            _ => expr.GetType().Name,
        };

        private static void Print(Block block, StringBuilder output, int depth)
        {
            foreach (Stmt stmt in block.Statements)
            {
                Print(stmt, output, depth);
            }
        }

        private static void Print(Stmt stmt, StringBuilder output, int depth)
        {
            string indent = new(' ', depth * 2);
            switch (stmt)
            {
                case AssignStmt assign:
                    string target = assign.Target switch
                    {
                        LocalTarget local => (local.DeclaredType is null ? string.Empty : local.DeclaredType + " ") + local.Name,
                        ElemTarget element => element.Array + "[" + element.Index.Code + "]",
                        _ => "return",
                    };
                    output.Append(indent).Append(target).Append(" := ").Append(Print(assign.Value)).Append('\n');
                    break;
                case InactiveStmt inactive:
                    output.Append(indent).Append("inactive ").Append(inactive.Code).Append('\n');
                    break;
                case ArrayDeclStmt array:
                    output.Append(indent).Append(array.Element).Append("[] ").Append(array.Name).Append(" := new[").Append(array.Length.Code).Append("]\n");
                    break;
                case IfStmt branch:
                    output.Append(indent).Append("if ").Append(branch.Condition.Code).Append('\n');
                    Print(branch.Then, output, depth + 1);
                    if (branch.Else.Statements.Count > 0)
                    {
                        output.Append(indent).Append("else\n");
                        Print(branch.Else, output, depth + 1);
                    }

                    break;
                case LoopStmt loop:
                    output.Append(indent).Append(loop.Kind).Append(loop.Counted is null ? string.Empty : " counted " + loop.Counted.Var)
                        .Append(" while ").Append(loop.Condition?.Code ?? "true").Append('\n');
                    foreach (Stmt init in loop.Init)
                    {
                        Print(init, output, depth + 2);
                    }

                    Print(loop.Body, output, depth + 1);
                    foreach (Stmt step in loop.Step)
                    {
                        Print(step, output, depth + 2);
                    }

                    break;
                case ForEachStmt loop:
                    output.Append(indent).Append("foreach ").Append(loop.ElementType).Append(' ').Append(loop.Variable).Append(" in ").Append(loop.Collection.Code).Append('\n');
                    Print(loop.Body, output, depth + 1);
                    break;
                case BreakStmt:
                    output.Append(indent).Append("break\n");
                    break;
                case ContinueStmt:
                    output.Append(indent).Append("continue\n");
                    break;
                case BlockStmt nested:
                    output.Append(indent).Append("{\n");
                    Print(nested.Body, output, depth + 1);
                    output.Append(indent).Append("}\n");
                    break;
                case CallStmt call:
                    output.Append(indent).Append("call ").Append(Print(call.Call)).Append('\n');
                    break;
                case ReturnStmt ret:
                    output.Append(indent).Append("return ").Append(ret.Value is null ? string.Empty : Print(ret.Value)).Append('\n');
                    break;
                default:
                    output.Append(indent).Append(stmt.GetType().Name).Append('\n');
                    break;
            }
        }

        /// <summary>Prints the IR of a tensor-mode reverse sweep, one step per line.</summary>
        public static string Print(TensorReverseMethod reverse)
        {
            var output = new StringBuilder();
            output.Append("restore all locals").Append(reverse.SeedsResult ? "; d" + reverse.ResultLocal + " := dResult" : string.Empty).Append('\n');
            Print(reverse.Body, output, 0);
            return output.ToString();
        }

        private static void Print(EquatableArray<SweepStmt> statements, StringBuilder output, int depth)
        {
            string indent = new(' ', depth * 2);
            foreach (SweepStmt statement in statements)
            {
                switch (statement)
                {
                    case RestoreStmt restore:
                        output.Append(indent).Append("restore ").Append(restore.Local.Name).Append('\n');
                        break;
                    case ClearAdjointStmt clear:
                        output.Append(indent).Append("clear d").Append(clear.Local).Append('\n');
                        break;
                    case PropagateStmt propagate:
                        string how = propagate.How switch
                        {
                            ToSource source => "to " + source.Source,
                            ToParameter parameter => "to parameter " + parameter.ParameterCode,
                            ThroughBackward op => "through " + op.Backward + "(" + string.Join(", ", op.Args.Select(a => a.Code)) + ")",
                            ThroughCallee call => "through " + call.Receiver + call.Method + "Reverse(" + string.Join(", ", call.Args.Select(a => a.Code)) + ")",
                            _ => "nowhere",
                        };
                        output.Append(indent).Append("propagate d").Append(propagate.Target.Name).Append(' ').Append(how)
                            .Append(propagate.Target.SavedOnWrite ? "; restore " + propagate.Target.Name : string.Empty).Append('\n');
                        break;
                    case ReplayBranchStmt branch:
                        output.Append(indent);
                        PrintBranch(branch.Slot is null ? "if recorded branch" : "if " + branch.Slot, branch.Then, branch.Else, output, indent, depth);
                        break;
                    case ReplayLoopStmt loop:
                        output.Append(indent).Append("repeat recorded trips").Append(loop.RestoreEachTrip is null ? string.Empty : "; restore " + loop.RestoreEachTrip.Name + " each").Append('\n');
                        Print(loop.Body, output, depth + 1);
                        break;
                    default:
                        PrintScalar(statement, output, indent, depth);
                        break;
                }
            }
        }

        /// <summary>Prints the IR of a scalar reverse sweep, one step per line.</summary>
        public static string Print(ScalarReverseMethod reverse)
        {
            var output = new StringBuilder();
            if (reverse.ResultKind != ScalarKind.Void)
            {
                output.Append("__dReturn := ").Append(reverse.Seed).Append('\n');
            }

            Print(reverse.Body, output, 0);
            Print(reverse.Epilogue, output, 0);
            return output.ToString();
        }

        private static void PrintScalar(SweepStmt statement, StringBuilder output, string indent, int depth)
        {
            output.Append(indent);
            switch (statement)
            {
                case CommentStmt comment:
                    output.Append("// ").Append(comment.Text).Append('\n');
                    break;
                case PopStmt pop:
                    output.Append(pop.Handle).Append(" := pop ").Append(pop.Kind).Append(pop.Cast is null ? string.Empty : " as " + pop.Cast).Append('\n');
                    break;
                case RecomputeStmt recompute:
                    output.Append("recompute ").Append(recompute.Declaration.Code).Append('\n');
                    break;
                case ResumeCounterStmt resume:
                    output.Append(resume.Counter).Append(" := ").Append(resume.Recorded).Append('\n');
                    break;
                case InvertCounterStmt invert:
                    output.Append("invert ").Append(invert.Update.Code).Append('\n');
                    break;
                case AllocateAdjointStmt allocate:
                    output.Append(allocate.Adjoint).Append(" := zeros ").Append(allocate.Element).Append('[').Append(ValuePrinter.Print(allocate.Length)).Append("]\n");
                    break;
                case RestoreElementStmt restore:
                    output.Append("restore ").Append(restore.Array).Append('[').Append(ValuePrinter.Print(restore.Index)).Append("] := ").Append(restore.Recorded).Append('\n');
                    break;
                case TakeAdjointStmt take:
                    output.Append(take.Seed).Append(" := ").Append(Print(take.Adjoint)).Append(take.Clear ? "; clear" : "; keep").Append('\n');
                    break;
                case IncrementStmt increment:
                    output.Append(Print(increment.Target)).Append(" += ").Append(TermPrinter.Print(increment.Term)).Append(increment.Cast is { } cast ? " as " + cast : string.Empty).Append('\n');
                    break;
                case UnlessZeroStmt guard:
                    output.Append("unless ").Append(guard.Seed).Append(" == 0\n");
                    Print(guard.Body, output, depth + 1);
                    break;
                case VectorIncrementStmt vector:
                    output.Append(vector.Adjoint).Append("[*] += ").Append(TermPrinter.Print(vector.Factor)).Append(" * pop ").Append(vector.Kind).Append(" vector of ").Append(ValuePrinter.Print(vector.Length)).Append('\n');
                    break;
                case RebuildBufferStmt rebuild:
                    output.Append(rebuild.Scratch).Append(" := pop ").Append(rebuild.Element).Append(" buffer of ").Append(ValuePrinter.Print(rebuild.Length)).Append('\n');
                    break;
                case DeclarePartialStmt partial:
                    output.Append(partial.Name).Append(" := 0\n");
                    break;
                case PullbackStmt pullback:
                    output.Append("pullback ").Append(pullback.Method).Append('(').Append(string.Join(", ", pullback.Arguments))
                        .Append(pullback.ResultAdjoint is null ? string.Empty : "; seed " + pullback.ResultAdjoint)
                        .Append("; ").Append(string.Join(", ", pullback.Adjoints)).Append(")\n");
                    break;
                case ReverseBlockStmt block:
                    output.Append("{\n");
                    Print(block.Body, output, depth + 1);
                    output.Append(indent).Append("}\n");
                    break;
                case ReverseCountedLoopStmt loop:
                    output.Append("counted loop ").Append(loop.Loop.Var).Append(" backwards\n");
                    Print(loop.Body, output, depth + 1);
                    break;
                case ReplayTripsStmt trips:
                    output.Append("loop ").Append(trips.TripCount).Append(" recorded trips\n");
                    Print(trips.Prologue, output, depth + 2);
                    output.Append(indent).Append("each trip\n");
                    Print(trips.Body, output, depth + 1);
                    if (trips.Epilogue.Count > 0)
                    {
                        output.Append(indent).Append("then\n");
                        Print(trips.Epilogue, output, depth + 1);
                    }

                    break;
                case DeclareStmt declare:
                    output.Append(declare.Type).Append(' ').Append(declare.Name).Append(" := ").Append(declare.Initializer).Append('\n');
                    break;
                case RunInactiveStmt inactive:
                    output.Append("inactive ").Append(inactive.Statement.Code).Append('\n');
                    break;
                case DeclareArrayStmt array:
                    output.Append(array.Element).Append("[] ").Append(array.Name).Append(" := new[").Append(ValuePrinter.Print(array.Length)).Append("]\n");
                    break;
                case PrimalAssignStmt assign:
                    output.Append(assign.Target).Append(assign.IndexCode is null ? string.Empty : "[" + assign.IndexCode + "]").Append(" := ").Append(TermPrinter.Print(assign.Value)).Append('\n');
                    break;
                case TempStmt temp:
                    output.Append(temp.Name).Append(" := ").Append(TermPrinter.Print(temp.Value)).Append('\n');
                    break;
                case SinCosStmt sinCos:
                    output.Append('(').Append(sinCos.Sine).Append(", ").Append(sinCos.Cosine).Append(") := SinCos(").Append(TermPrinter.Print(sinCos.Argument)).Append(")\n");
                    break;
                case IndexStmt index:
                    output.Append(index.Local).Append(" := index ").Append(index.Index.Code).Append('\n');
                    break;
                case AllocateVectorStmt vector:
                    output.Append(vector.Name).Append(" := zeros like ").Append(vector.Buffer).Append('\n');
                    break;
                case GradientCallStmt call:
                    output.Append(call.Temp).Append(" := ").Append(call.Method).Append('(').Append(string.Join(", ", call.Arguments)).Append(")\n");
                    break;
                case PrimalCallStmt call:
                    output.Append(call.ResultDeclaration is null ? string.Empty : call.ResultDeclaration + " := ").Append(call.CallCode).Append('\n');
                    break;
                case RecordStmt record:
                    output.Append("record ").Append(record.Kind).Append(' ').Append(TermPrinter.Print(record.Value)).Append(record.Slot is null ? string.Empty : " in " + record.Slot).Append('\n');
                    break;
                case RecordBufferStmt buffer:
                    output.Append("record ").Append(buffer.Kind).Append(" buffer ").Append(buffer.Buffer).Append('\n');
                    break;
                case ReserveStmt reserve:
                    output.Append("reserve ").Append(reserve.Kind).Append(' ').Append(reserve.CountCode).Append('\n');
                    break;
                case CountTripStmt trip:
                    output.Append("count trip ").Append(trip.Counter).Append('\n');
                    break;
                case ForwardBlockStmt block:
                    output.Append("{\n");
                    Print(block.Body, output, depth + 1);
                    output.Append(indent).Append("}\n");
                    break;
                case ForwardIfStmt branch:
                    PrintBranch("if " + branch.Condition.Code, branch.Then, branch.Else, output, indent, depth);
                    break;
                case ForwardForStmt loop:
                    output.Append("for ").Append(loop.InitCode).Append("; ").Append(loop.ConditionCode).Append("; ").Append(loop.StepCode).Append('\n');
                    Print(loop.Body, output, depth + 1);
                    break;
                case ForwardWhileStmt loop:
                    output.Append(loop.IsDo ? "do while " : "while ").Append(loop.ConditionCode).Append('\n');
                    Print(loop.Body, output, depth + 1);
                    break;
                default:
                    output.Append(statement.GetType().Name).Append('\n');
                    break;
            }
        }

        /// <summary>Prints a whole scalar adjoint: its locals, the forward sweep and the reverse sweep.</summary>
        public static string Print(ScalarAdjointMethod adjoint)
        {
            var output = new StringBuilder();
            Print(adjoint.Locals, output, 0);
            output.Append("forward:\n");
            Print(adjoint.Forward, output, 1);
            output.Append("reverse:\n");
            output.Append(Print(adjoint.Reverse));
            return output.ToString();
        }

        /// <summary>A branch of a sweep, its header already indented.</summary>
        private static void PrintBranch(string header, EquatableArray<SweepStmt> then, EquatableArray<SweepStmt> otherwise, StringBuilder output, string indent, int depth)
        {
            output.Append(header).Append('\n');
            Print(then, output, depth + 1);
            if (otherwise.Count > 0)
            {
                output.Append(indent).Append("else\n");
                Print(otherwise, output, depth + 1);
            }
        }

        private static string Print(AdjointRef adjoint) => adjoint.Index is null ? adjoint.Name : adjoint.Name + "[" + ValuePrinter.Print(adjoint.Index) + "]";
    }
}
