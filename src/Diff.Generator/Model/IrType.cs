namespace Diff.Generator.Model
{
    /// <summary>What a value is, as far as the IR's transforms care.</summary>
    internal enum IrTypeKind
    {
        /// <summary>Not known (an expression with an error type, <c>null</c>, a lambda).</summary>
        Unknown,
        Bool,
        Char,
        SByte,
        Byte,
        Int16,
        UInt16,
        Int32,
        UInt32,
        Int64,
        UInt64,
        Single,
        Double,
        Decimal,
        String,

        /// <summary>An array or span.</summary>
        Buffer,

        /// <summary>Any other type: a struct, a class, an enum, a tuple.</summary>
        Other,
    }

    /// <summary>
    /// The type of a value in the IR: its kind and its C# name, fully qualified (<c>int</c>,
    /// <c>long</c>, <c>global::N.Color</c>). Every value of the IR carries one, so that a transform
    /// never has to guess whether <c>1 / N</c> is integer or floating-point arithmetic.
    /// </summary>
    internal sealed record IrType(IrTypeKind Kind, string Name)
    {
        public static readonly IrType Unknown = new(IrTypeKind.Unknown, string.Empty);
        public static readonly IrType Bool = new(IrTypeKind.Bool, "bool");
        public static readonly IrType Int32 = new(IrTypeKind.Int32, "int");
        public static readonly IrType Int64 = new(IrTypeKind.Int64, "long");
        public static readonly IrType Single = new(IrTypeKind.Single, "float");
        public static readonly IrType Double = new(IrTypeKind.Double, "double");

        /// <summary>Whether the type is one of C#'s integral types (a <c>long</c> tape slot holds it exactly, except <c>ulong</c> above <c>long.MaxValue</c>, which round-trips through the cast).</summary>
        public bool IsIntegral => Kind is IrTypeKind.Char or IrTypeKind.SByte or IrTypeKind.Byte or IrTypeKind.Int16 or IrTypeKind.UInt16
            or IrTypeKind.Int32 or IrTypeKind.UInt32 or IrTypeKind.Int64 or IrTypeKind.UInt64;

        public bool IsFloating => Kind is IrTypeKind.Single or IrTypeKind.Double;

        /// <summary>The IR type of a floating or integral <see cref="ScalarKind"/>, for values the IR creates itself.</summary>
        public static IrType Of(ScalarKind kind) => kind switch
        {
            ScalarKind.Double => Double,
            ScalarKind.Float => Single,
            ScalarKind.Integer => Int32,
            ScalarKind.Boolean => Bool,
            _ => Unknown,
        };

        /// <summary>The kind of a primitive type given by its C# keyword; <see cref="IrTypeKind.Other"/> for anything else.</summary>
        public static IrTypeKind KindOfKeyword(string name) => name switch
        {
            "bool" => IrTypeKind.Bool,
            "char" => IrTypeKind.Char,
            "sbyte" => IrTypeKind.SByte,
            "byte" => IrTypeKind.Byte,
            "short" => IrTypeKind.Int16,
            "ushort" => IrTypeKind.UInt16,
            "int" => IrTypeKind.Int32,
            "uint" => IrTypeKind.UInt32,
            "long" => IrTypeKind.Int64,
            "ulong" => IrTypeKind.UInt64,
            "float" => IrTypeKind.Single,
            "double" => IrTypeKind.Double,
            "decimal" => IrTypeKind.Decimal,
            "string" => IrTypeKind.String,
            "" => IrTypeKind.Unknown,
            _ => IrTypeKind.Other,
        };
    }
}
