using System.Collections.Generic;
using System.Linq;

namespace Diff.Generator.Model
{
    // Values that are never differentiated: integers, booleans, indices, bounds, conditions, and
    // floating-point constants of the differentiation. They are structured and typed like the rest
    // of the IR, so the analyses read names, effects and types off the tree and never parse text.
    // The only escape hatch is HostValue: C# the IR does not model (a call to an ordinary method,
    // an object creation), kept whole with the names it reads and writes.

    internal enum UnaryOperator
    {
        Negate,
        Plus,
        Not,
        Complement,
    }

    internal enum ValueOperator
    {
        Add,
        Subtract,
        Multiply,
        Divide,
        Remainder,
        ShiftLeft,
        ShiftRight,
        UnsignedShiftRight,
        Less,
        LessOrEqual,
        Greater,
        GreaterOrEqual,
        Equal,
        NotEqual,
        BitwiseAnd,
        BitwiseOr,
        ExclusiveOr,
        ConditionalAnd,
        ConditionalOr,
    }

    /// <summary>How an <see cref="UpdateValue"/> changes its local.</summary>
    internal enum UpdateOperator
    {
        Assign,
        Add,
        Subtract,
        Multiply,
        Divide,
        Remainder,
        BitwiseAnd,
        BitwiseOr,
        ExclusiveOr,
        ShiftLeft,
        ShiftRight,
        Increment,
        Decrement,
    }

    /// <summary>A typed value that is never differentiated.</summary>
    internal abstract record Value(IrType Type);

    /// <summary>
    /// A literal or a named constant (<c>2</c>, <c>1L</c>, <c>'a'</c>, <c>true</c>, a <c>const</c>
    /// field), as written. <paramref name="IsLiteral"/> is true for a literal token, whose text
    /// can be re-typed (<c>2</c> as <c>2.0</c>) where a floating value is needed.
    /// </summary>
    internal sealed record ConstantValue(string Text, IrType Type, bool IsLiteral) : Value(Type);

    /// <summary>A local or a parameter.</summary>
    internal sealed record NameValue(string Name, IrType Type) : Value(Type);

    /// <summary><c>Buffer.Length</c> of an array or span held in a local or parameter.</summary>
    internal sealed record LengthValue(string Buffer) : Value(IrType.Int32);

    /// <summary>An element of a buffer that is not differentiated (<c>idx[i]</c> of an <c>int[]</c>).</summary>
    internal sealed record ElementValue(string Buffer, Value Index, IrType Type) : Value(Type);

    internal sealed record UnaryValue(UnaryOperator Operator, Value Operand, IrType Type) : Value(Type);

    /// <summary>A built-in binary operator (user-defined operators are <see cref="HostValue"/>s).</summary>
    internal sealed record BinaryValue(ValueOperator Operator, Value Left, Value Right, IrType Type) : Value(Type);

    internal sealed record ConditionalValue(Value Condition, Value WhenTrue, Value WhenFalse, IrType Type) : Value(Type);

    /// <summary>An explicit conversion to <see cref="Value.Type"/>.</summary>
    internal sealed record CastValue(Value Operand, IrType Type) : Value(Type);

    /// <summary><c>Operand is null</c>, or <c>Operand is not null</c> when <paramref name="Negated"/>.</summary>
    internal sealed record IsNullValue(Value Operand, bool Negated) : Value(IrType.Bool);

    /// <summary>
    /// An assignment to a local inside an expression (<c>i++</c>, <c>++i</c>, <c>k += 2</c>,
    /// <c>n = m</c>): the only values with an effect besides host calls. <paramref name="Operand"/>
    /// is null for <c>++</c> and <c>--</c>; <paramref name="Postfix"/> marks <c>i++</c> and
    /// <c>i--</c>, whose value is the old one.
    /// </summary>
    internal sealed record UpdateValue(string Name, UpdateOperator Operator, Value? Operand, bool Postfix, IrType Type) : Value(Type);

    /// <summary>
    /// C# that the IR does not model, kept whole: a call of an ordinary method, a member of an
    /// object, an object creation. <paramref name="Pure"/> is false when evaluating it twice could
    /// differ; <paramref name="Primary"/> is true when it can be printed without parentheses.
    /// </summary>
    internal sealed record HostValue(string Code, IrType Type, EquatableArray<string> Reads, EquatableArray<string> Writes, bool Pure, bool Primary) : Value(Type);

    /// <summary>Queries over value trees: what they read and write, and whether they are pure.</summary>
    internal static class ValueTree
    {
        /// <summary>
        /// The name read by host code that reads fields, properties or elements of arrays held in objects, in a method that
        /// may change them (<c>Parse/MethodParser.ObjectState.cs</c>). No declaration or parameter has it (it is not a C#
        /// identifier), so it is never stable: the reverse sweep records such values instead of reading them again.
        /// </summary>
        public const string ObjectState = "#state";

        /// <remarks>One iterator with a stack of its own, children pushed last first, rather than an iterator nested per level.</remarks>
        public static IEnumerable<Value> DescendantsAndSelf(Value value)
        {
            var pending = new Stack<Value>();
            pending.Push(value);
            while (pending.Count > 0)
            {
                Value next = pending.Pop();
                yield return next;
                PushChildren(pending, next);
            }
        }

        /// <summary>Pushes the children of <paramref name="value"/>, last first, so that they pop in order.</summary>
        private static void PushChildren(Stack<Value> pending, Value value)
        {
            switch (value)
            {
                case ElementValue element:
                    pending.Push(element.Index);
                    break;
                case UnaryValue unary:
                    pending.Push(unary.Operand);
                    break;
                case BinaryValue binary:
                    pending.Push(binary.Right);
                    pending.Push(binary.Left);
                    break;
                case ConditionalValue conditional:
                    pending.Push(conditional.WhenFalse);
                    pending.Push(conditional.WhenTrue);
                    pending.Push(conditional.Condition);
                    break;
                case CastValue cast:
                    pending.Push(cast.Operand);
                    break;
                case IsNullValue isNull:
                    pending.Push(isNull.Operand);
                    break;
                case UpdateValue { Operand: { } operand }:
                    pending.Push(operand);
                    break;
            }
        }

        /// <summary>The locals and parameters the value reads (an updated local counts as read), sorted.</summary>
        public static EquatableArray<string> Reads(Value value) => Names(value, writes: false);

        /// <summary>The locals and parameters the value assigns, sorted.</summary>
        public static EquatableArray<string> Writes(Value value) => Names(value, writes: true);

        /// <remarks>
        /// Walked with one stack and collected into one list, sorted and made distinct at the end: the parser and the
        /// transforms ask this of every value, so it allocates nothing per node.
        /// </remarks>
        private static EquatableArray<string> Names(Value value, bool writes)
        {
            List<string>? names = null;
            var pending = new Stack<Value>();
            pending.Push(value);
            while (pending.Count > 0)
            {
                Value node = pending.Pop();
                switch (node)
                {
                    case NameValue name when !writes:
                        (names ??= new List<string>()).Add(name.Name);
                        break;
                    case LengthValue length when !writes:
                        (names ??= new List<string>()).Add(length.Buffer);
                        break;
                    case ElementValue element when !writes:
                        (names ??= new List<string>()).Add(element.Buffer);
                        break;
                    case UpdateValue update:
                        (names ??= new List<string>()).Add(update.Name);
                        break;
                    case HostValue host:
                        EquatableArray<string> hostNames = writes ? host.Writes : host.Reads;
                        if (hostNames.Count > 0)
                        {
                            (names ??= new List<string>()).AddRange(hostNames);
                        }

                        break;
                }

                PushChildren(pending, node);
            }

            if (names is null)
            {
                return EquatableArray<string>.Empty;
            }

            names.Sort(System.StringComparer.Ordinal);
            int distinct = 0;
            for (int i = 0; i < names.Count; i++)
            {
                if (distinct == 0 || !string.Equals(names[distinct - 1], names[i], System.StringComparison.Ordinal))
                {
                    names[distinct++] = names[i];
                }
            }

            names.RemoveRange(distinct, names.Count - distinct);
            return names.ToEquatableArray();
        }

        /// <summary>Whether evaluating the value twice gives the same result and changes nothing.</summary>
        public static bool IsPure(Value value)
        {
            var pending = new Stack<Value>();
            pending.Push(value);
            while (pending.Count > 0)
            {
                Value node = pending.Pop();
                if (node is UpdateValue or HostValue { Pure: false })
                {
                    return false;
                }

                PushChildren(pending, node);
            }

            return true;
        }

        /// <summary>Whether every read of <paramref name="buffer"/> in the value is its <c>Length</c>.</summary>
        public static bool ReadsOnlyLength(Value value, string buffer) =>
            DescendantsAndSelf(value).All(node => node switch
            {
                NameValue name => name.Name != buffer,
                ElementValue element => element.Buffer != buffer,
                UpdateValue update => update.Name != buffer,
                // An ILGPU view's length as an int is its length too.
                HostValue host => !host.Reads.Contains(buffer) || host.Code == buffer + ".IntLength" || host.Code == buffer + ".Length",
                _ => true,
            });
    }
}
