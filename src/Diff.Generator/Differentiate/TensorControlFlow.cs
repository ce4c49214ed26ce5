using System;
using System.Collections.Generic;
using Diff.Generator.Differentiate.Recording;
using Diff.Generator.Emit;
using Diff.Generator.Model;

namespace Diff.Generator.Differentiate
{
    /// <summary>
    /// The branches and loops of tensor mode's sweeps, printed once for every writer: the forward sweep that records each
    /// branch taken and each trip count on the value stack (<c>MRecord</c>, <c>MRecordTangent</c>), the one that runs
    /// them as written (<c>MTangent</c>), and the reverse sweep that replays them (<c>MReverse</c>, <c>MReverseTangent</c>).
    /// The writers differ only in what they print for a statement, which they pass in.
    /// </summary>
    internal static class TensorControlFlow
    {
        /// <summary>
        /// A branch, a loop, a <c>foreach</c> or a nested block of the forward sweep; false for any other statement.
        /// </summary>
        /// <param name="recording">Where branch choices and trip counts go; null when nothing is recorded.</param>
        /// <param name="forwardAll">Prints a list of statements at a loop depth.</param>
        /// <param name="enterItem">Prints what a <c>foreach</c> trip does with its variable before the body (save, assign, clear a tangent), given the item's name.</param>
        public static bool Forward(
            CodeBuilder code, Stmt statement, int depth, ValueStackRecording? recording, Action<IReadOnlyList<Stmt>, int> forwardAll, Action<ForEachStmt, string> enterItem)
        {
            switch (statement)
            {
                case IfStmt branch:
                    code.Open("if (" + ValuePrinter.Print(branch.Condition.Tree) + ")");
                    forwardAll(branch.Then.Statements, depth);
                    if (recording is not null)
                    {
                        code.Line(recording.PushCount("1L") + ";");
                    }

                    code.Close();
                    if (recording is not null || branch.Else.Statements.Count > 0)
                    {
                        code.Open("else");
                        forwardAll(branch.Else.Statements, depth);
                        if (recording is not null)
                        {
                            code.Line(recording.PushCount("0L") + ";");
                        }

                        code.Close();
                    }

                    return true;

                case LoopStmt loop:
                {
                    // Every loop form counts its trips, which the reverse sweep replays.
                    forwardAll(loop.Init, depth);
                    string count = "__trips" + depth;
                    string condition = loop.Condition is null ? "true" : ValuePrinter.Print(loop.Condition.Tree);
                    if (recording is not null)
                    {
                        code.Begin();
                        code.Line("long " + count + " = 0;");
                    }

                    code.Open(loop.Kind == LoopKind.Do ? "do" : "while (" + condition + ")");
                    forwardAll(loop.Body.Statements, depth + 1);
                    forwardAll(loop.Step, depth + 1);
                    if (recording is not null)
                    {
                        code.Line(count + "++;");
                    }

                    if (loop.Kind == LoopKind.Do)
                    {
                        code.Close("} while (" + condition + ");");
                    }
                    else
                    {
                        code.Close();
                    }

                    if (recording is not null)
                    {
                        code.Line(recording.PushCount(count) + ";");
                        code.Close();
                    }

                    return true;
                }

                case ForEachStmt loop:
                {
                    string count = "__trips" + depth;
                    string item = "__item" + depth;
                    if (recording is not null)
                    {
                        code.Begin();
                        code.Line("long " + count + " = 0;");
                    }

                    code.Open("foreach (" + loop.ElementType + " " + item + " in " + ValuePrinter.Print(loop.Collection.Tree) + ")");
                    enterItem(loop, item);
                    forwardAll(loop.Body.Statements, depth + 1);
                    if (recording is not null)
                    {
                        code.Line(count + "++;");
                    }

                    code.Close();
                    if (recording is not null)
                    {
                        code.Line(recording.PushCount(count) + ";");
                        code.Close();
                    }

                    return true;
                }

                case BlockStmt nested:
                    forwardAll(nested.Body.Statements, depth);
                    return true;

                default:
                    return false;
            }
        }

        /// <summary>A replayed branch or loop of the reverse sweep; false for any other step.</summary>
        /// <param name="printAll">Prints a list of reverse-sweep steps.</param>
        /// <param name="takeBackItem">Prints the taking back of a <c>foreach</c> variable after each replayed trip.</param>
        public static bool Replay(
            CodeBuilder code, SweepStmt statement, ValueStackRecording recording, Action<EquatableArray<SweepStmt>> printAll, Action<TensorLocal> takeBackItem)
        {
            switch (statement)
            {
                case ReplayBranchStmt branch:
                    code.Open("if (" + recording.PopCount() + " != 0)");
                    printAll(branch.Then);
                    code.Close();
                    if (branch.Else.Count > 0)
                    {
                        code.Open("else");
                        printAll(branch.Else);
                        code.Close();
                    }

                    return true;

                case ReplayLoopStmt loop:
                {
                    string count = "__trips" + loop.Depth;
                    code.Open("for (long " + count + " = " + recording.PopCount() + "; " + count + " > 0; " + count + "--)");
                    printAll(loop.Body);
                    if (loop.RestoreEachTrip is { } variable)
                    {
                        takeBackItem(variable);
                    }

                    code.Close();
                    return true;
                }

                default:
                    return false;
            }
        }
    }
}
