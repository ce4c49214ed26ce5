using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Diagnostics;
using Diff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    /// <summary>
    /// Two local float or double buffers swapped, as time-stepping code swaps its current and next state:
    /// <c>(cur, nxt) = (nxt, cur);</c>, or <c>var t = cur; cur = nxt; nxt = t;</c> (also through more buffers, <c>var t = prev;
    /// prev = cur; cur = next; next = t;</c>). The IR has no references to arrays,
    /// only arrays, so the swap becomes one of their elements: <c>for (i …) { t = cur[i]; cur[i] = nxt[i]; nxt[i] = t; }</c>.
    /// That means what the swap means where nothing else holds either buffer, which is so for a local array the method
    /// created itself (<c>new double[n]</c>, <c>stackalloc</c>, an initializer or a copy; never a parameter or a view),
    /// and where the two have one length, which the parser proves from their declarations: the same length expression,
    /// reading only variables that nothing assigns. A local array created again with that length, <c>acc = new double[n];</c>,
    /// is its elements cleared, and a new state handed on, <c>state = next;</c> with <c>next</c> declared in the same block
    /// and unused after, is its elements copied, for the same reasons. Anything else is refused with the way out.
    /// </summary>
    internal sealed partial class MethodParser
    {
        /// <summary>The length of each local buffer the method creates itself, as declared; swaps are checked against these.</summary>
        private readonly Dictionary<ILocalSymbol, Value> _createdBufferLengths = new(SymbolEqualityComparer.Default);

        /// <summary>Remembers a local buffer's declared length where its initializer creates a buffer of its own.</summary>
        private void NoteCreatedBuffer(ILocalSymbol local, VariableDeclaratorSyntax variable, IEnumerable<Stmt> declared)
        {
            ExpressionSyntax? initializer = variable.Initializer?.Value;
            bool creates = initializer is ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax or InitializerExpressionSyntax
                or StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax
                || (initializer is CollectionExpressionSyntax collection && collection.Elements.All(e => e is ExpressionElementSyntax))
                || (local.Type is IArrayTypeSymbol && initializer is not null && !initializer.IsKind(SyntaxKind.IdentifierName));
            if (creates && declared.OfType<ArrayDeclStmt>().FirstOrDefault(d => d.Name == local.Name) is { } declaration)
            {
                _createdBufferLengths[local] = declaration.Length.Tree;
            }
        }

        /// <summary>
        /// <c>(a, b) = (b, a)</c> over two local buffers: the element swap, or an empty list with the error reported; null
        /// where the tuple assigns anything else.
        /// </summary>
        private IEnumerable<Stmt>? TupleBufferSwap(TupleExpressionSyntax targets, TupleExpressionSyntax values, SyntaxNode statement)
        {
            if (targets.Arguments.Count != 2 || values.Arguments.Count != 2
                || targets.Arguments[0].Expression is not IdentifierNameSyntax first
                || targets.Arguments[1].Expression is not IdentifierNameSyntax second
                || values.Arguments[0].Expression is not IdentifierNameSyntax firstValue
                || values.Arguments[1].Expression is not IdentifierNameSyntax secondValue
                || targets.Arguments.Concat(values.Arguments).Any(a => a.NameColon is not null)
                || !IsBufferLocalOrParameter(first))
            {
                return null;
            }

            ISymbol? a = _model.GetSymbolInfo(first, _cancellationToken).Symbol;
            ISymbol? b = _model.GetSymbolInfo(second, _cancellationToken).Symbol;
            if (SymbolEqualityComparer.Default.Equals(a, b)
                || !SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(firstValue, _cancellationToken).Symbol, b)
                || !SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(secondValue, _cancellationToken).Symbol, a))
            {
                return null;
            }

            return BufferSwap(first, second, statement);
        }

        /// <summary>
        /// <c>var t = a; a = b; b = t;</c> from <paramref name="index"/> in <paramref name="statements"/>, with <c>t</c> used
        /// nowhere else, or a rotation through the temporary (<c>var t = prev; prev = cur; cur = next; next = t;</c>, a
        /// three-level scheme's states): one element swap per neighbouring pair, in order, and the number of statements
        /// taken (or an empty list with the error reported); null where the statements are anything else.
        /// </summary>
        private (IEnumerable<Stmt> Swaps, int Count)? RotationBufferSwaps(IReadOnlyList<StatementSyntax> statements, int index)
        {
            if (RotationOf(statements, index) is not { } rotated)
            {
                return null;
            }

            var swaps = new List<Stmt>();
            for (int k = 0; k + 1 < rotated.Count; k++)
            {
                IEnumerable<Stmt> swap = BufferSwap(rotated[k], rotated[k + 1], ((ExpressionStatementSyntax)statements[index + 1 + k]).Expression);
                swaps.AddRange(swap);
                if (!swap.Any())
                {
                    break;
                }
            }

            return (swaps, rotated.Count + 1);
        }

        /// <summary>
        /// The buffers <c>var t = x1; x1 = x2; …; xk = t;</c> rotates (k ≥ 2, each named once), from <paramref name="index"/>;
        /// null for any other statements.
        /// </summary>
        private List<IdentifierNameSyntax>? RotationOf(IReadOnlyList<StatementSyntax> statements, int index)
        {
            if (index < 0 || index + 2 >= statements.Count
                || statements[index] is not LocalDeclarationStatementSyntax { Declaration.Variables: { Count: 1 } declarators } declaration
                || declaration.IsConst || declaration.UsingKeyword.RawKind != 0
                || declarators[0].Initializer?.Value is not IdentifierNameSyntax held
                || !IsBufferLocalOrParameter(held)
                || _model.GetDeclaredSymbol(declarators[0], _cancellationToken) is not ILocalSymbol temporaryLocal)
            {
                return null;
            }

            bool Is(IdentifierNameSyntax name, ISymbol? symbol) => SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(name, _cancellationToken).Symbol, symbol);
            var rotated = new List<IdentifierNameSyntax>();
            var symbols = new List<ISymbol?> { _model.GetSymbolInfo(held, _cancellationToken).Symbol };
            for (int at = index + 1; at < statements.Count; at++)
            {
                if (SimpleAssignment(statements[at]) is not (IdentifierNameSyntax target, IdentifierNameSyntax value) || !Is(target, symbols[symbols.Count - 1]))
                {
                    return null;
                }

                rotated.Add(target);
                if (Is(value, temporaryLocal))
                {
                    // Closed: every buffer named once, and the temporary read nowhere else.
                    return rotated.Count >= 2
                           && _syntax!.DescendantNodes().OfType<IdentifierNameSyntax>().Count(name => name.Identifier.ValueText == temporaryLocal.Name && Is(name, temporaryLocal)) == 1
                        ? rotated
                        : null;
                }

                ISymbol? next = _model.GetSymbolInfo(value, _cancellationToken).Symbol;
                if (next is null || symbols.Any(seen => SymbolEqualityComparer.Default.Equals(seen, next)) || !IsBufferLocalOrParameter(value))
                {
                    return null;
                }

                symbols.Add(next);
            }

            return null;
        }

        /// <summary>Whether <paramref name="use"/> is in one of the statements of a swap or rotation <see cref="RotationOf"/> knows.</summary>
        private bool InSwapOrRotation(IdentifierNameSyntax use)
        {
            if (use.FirstAncestorOrSelf<StatementSyntax>() is not { Parent: BlockSyntax or SwitchSectionSyntax } statement)
            {
                return false;
            }

            SyntaxList<StatementSyntax> siblings = statement.Parent is BlockSyntax block ? block.Statements : ((SwitchSectionSyntax)statement.Parent).Statements;
            int at = siblings.IndexOf(statement);
            for (int start = at; start >= 0; start--)
            {
                if (RotationOf(siblings, start) is { } rotated)
                {
                    return at <= start + rotated.Count;
                }

                if (siblings[start] is LocalDeclarationStatementSyntax)
                {
                    // Only a rotation's first statement declares anything.
                    return false;
                }
            }

            return false;
        }

        private static (ExpressionSyntax Left, ExpressionSyntax Right)? SimpleAssignment(StatementSyntax statement) =>
            statement is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment } && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                ? (assignment.Left, assignment.Right)
                : null;

        private bool IsBufferLocalOrParameter(IdentifierNameSyntax name) =>
            _model.GetSymbolInfo(name, _cancellationToken).Symbol is ILocalSymbol or IParameterSymbol
            && SymbolFacts.ShapeOf(_model.GetTypeInfo(name, _cancellationToken).Type) is { Shape: ParamShape.Array or ParamShape.Span or ParamShape.ReadOnlySpan } shape
            && SymbolFacts.IsFloating(shape.Element);

        /// <summary>The element swap of two local buffers the method created with one length; an empty list with the error reported otherwise.</summary>
        private IEnumerable<Stmt> BufferSwap(IdentifierNameSyntax first, IdentifierNameSyntax second, SyntaxNode statement)
        {
            if (RefusedAsNotOneLength(first, second, null, "swapped", statement))
            {
                return System.Array.Empty<Stmt>();
            }

            string a = first.Identifier.ValueText;
            string b = second.Identifier.ValueText;
            ScalarKind element = SymbolFacts.ShapeOf(_model.GetTypeInfo(first, _cancellationToken).Type).Element;
            string text = SourceText(statement);
            string temporary = FreshName("swap");
            return new Stmt[]
            {
                ElementLoop(new LengthValue(a), i => new Stmt[]
                {
                    new AssignStmt(new LocalTarget(temporary, element, SymbolFacts.Keyword(element)), new ElemExpr(a, new ValueExpr(i, ScalarKind.Integer), element), text),
                    new AssignStmt(new ElemTarget(a, new ValueExpr(i, ScalarKind.Integer), element), new ElemExpr(b, new ValueExpr(i, ScalarKind.Integer), element), text),
                    new AssignStmt(new ElemTarget(b, new ValueExpr(i, ScalarKind.Integer), element), new VarExpr(temporary, element), text),
                }),
            };
        }

        /// <summary>
        /// <c>a = new double[n];</c> for a local buffer the method created with that length: its elements cleared, which
        /// is what a fresh array means where nothing else holds the old one. Null where the right is not such a creation;
        /// an empty list with the error reported where the lengths are not provably one.
        /// </summary>
        private IEnumerable<Stmt>? FreshBufferAssignment(AssignmentExpressionSyntax assignment)
        {
            if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                || assignment.Left is not IdentifierNameSyntax buffer
                || !IsBufferLocalOrParameter(buffer)
                || assignment.Right is not ArrayCreationExpressionSyntax { Initializer: null, Type.RankSpecifiers: { Count: 1 } ranks }
                || ranks[0].Sizes.Count != 1 || ranks[0].Sizes[0] is OmittedArraySizeExpressionSyntax)
            {
                return null;
            }

            ValueExpr length = Opaque(ranks[0].Sizes[0], ScalarKind.Integer);
            if (RefusedAsNotOneLength(buffer, null, length.Tree, "created again", assignment))
            {
                return System.Array.Empty<Stmt>();
            }

            string name = buffer.Identifier.ValueText;
            ScalarKind element = SymbolFacts.ShapeOf(_model.GetTypeInfo(buffer, _cancellationToken).Type).Element;
            string text = SourceText(assignment);
            return new Stmt[] { ElementLoop(new LengthValue(name), i => new AssignStmt(new ElemTarget(name, new ValueExpr(i, ScalarKind.Integer), element), ValueExpr.Literal("0", element), text)) };
        }

        /// <summary>
        /// <c>state = next;</c> where <c>next</c> is a local buffer declared in the same block, read nowhere after the
        /// statement, and both were created by the method with one length, as a recurrence hands on its new state
        /// (<c>double[] next = new double[n]; …; state = next;</c> in a loop body): its elements copied, which is what the
        /// assignment means where nothing holds the old array and nothing reads <c>next</c> again (each pass of the block
        /// declares a new one). Null where the statement is not of that form; an empty list with the error reported where
        /// the lengths are not provably one.
        /// </summary>
        private IEnumerable<Stmt>? DeadBufferAssignment(AssignmentExpressionSyntax assignment)
        {
            if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                || assignment.Left is not IdentifierNameSyntax target
                || assignment.Right is not IdentifierNameSyntax source
                || assignment.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax block } statement
                || !IsBufferLocalOrParameter(target) || !IsBufferLocalOrParameter(source)
                || _model.GetSymbolInfo(source, _cancellationToken).Symbol is not ILocalSymbol sourceLocal
                || SymbolEqualityComparer.Default.Equals(sourceLocal, _model.GetSymbolInfo(target, _cancellationToken).Symbol)
                || !DeclaredIn(sourceLocal, block)
                || SymbolFacts.ShapeOf(_model.GetTypeInfo(target, _cancellationToken).Type) != SymbolFacts.ShapeOf(_model.GetTypeInfo(source, _cancellationToken).Type)
                || !OnlyElementsReadAfter(sourceLocal, block, statement))
            {
                return null;
            }

            if (RefusedAsNotOneLength(target, source, null, "assigned another array", assignment))
            {
                return System.Array.Empty<Stmt>();
            }

            string to = target.Identifier.ValueText;
            string from = source.Identifier.ValueText;
            ScalarKind element = SymbolFacts.ShapeOf(_model.GetTypeInfo(target, _cancellationToken).Type).Element;
            string text = SourceText(assignment);
            return new Stmt[]
            {
                ElementLoop(new LengthValue(to), i => new AssignStmt(new ElemTarget(to, new ValueExpr(i, ScalarKind.Integer), element), new ElemExpr(from, new ValueExpr(i, ScalarKind.Integer), element), text)),
            };
        }

        /// <summary>Whether <paramref name="local"/> is declared by a statement of <paramref name="block"/> itself.</summary>
        private bool DeclaredIn(ILocalSymbol local, BlockSyntax block) =>
            local.DeclaringSyntaxReferences.Length == 1
            && local.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is VariableDeclaratorSyntax { Parent.Parent: LocalDeclarationStatementSyntax declaration }
            && declaration.Parent == block;

        /// <summary>
        /// Whether every use of <paramref name="local"/> reads or writes its elements or length, or hands it to a call,
        /// outside any lambda or local function, with none in the statements of <paramref name="block"/> after
        /// <paramref name="statement"/>: after the statement nothing sees the array again, and no other variable holds it.
        /// </summary>
        private bool OnlyElementsReadAfter(ILocalSymbol local, BlockSyntax block, StatementSyntax statement)
        {
            int at = block.Statements.IndexOf(statement);
            foreach (IdentifierNameSyntax use in _syntax!.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (use.Identifier.ValueText != local.Name || !SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(use, _cancellationToken).Symbol, local)
                    || use.Parent is AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax handing } && handing == statement)
                {
                    continue;
                }

                bool elementsOrLength = use.Parent is ElementAccessExpressionSyntax element && element.Expression == use
                    || use.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" } member && member.Expression == use
                    || use.Parent is ArgumentSyntax { RefKindKeyword.RawKind: 0, Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax } };
                if (!elementsOrLength
                    || use.Ancestors().Any(n => n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                    || use.Ancestors().OfType<StatementSyntax>().FirstOrDefault(s => s.Parent == block) is { } enclosing && block.Statements.IndexOf(enclosing) > at)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Reports (DIFF013, at <paramref name="at"/>) why the buffers cannot be taken to have one length
        /// (<see cref="WhyNotOneLength"/>), or that <paramref name="at"/> is inside a <c>foreach</c> over one of them; false
        /// where neither holds and the statement may be rewritten over their elements.
        /// </summary>
        private bool RefusedAsNotOneLength(IdentifierNameSyntax first, IdentifierNameSyntax? second, Value? length, string done, SyntaxNode at)
        {
            string? why = WhyNotOneLength(first, second, length, done);
            if (why is null && ForEachOver(at, second is null ? new[] { first } : new[] { first, second }) is { } loop)
            {
                why = "it is inside 'foreach' over '" + loop.Expression + "', which goes on over the array it started with; iterate with 'for' over the index instead";
            }

            if (why is not null)
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, at, SyntaxText.Of(at), why);
            }

            return why is not null;
        }

        /// <summary>
        /// Why <paramref name="first"/> and <paramref name="second"/> (or <paramref name="first"/> and a new buffer of
        /// <paramref name="length"/>) cannot be taken to have one length: either is not a local buffer the method created,
        /// or the lengths are not the same expression of variables nothing assigns. Null where they can.
        /// </summary>
        private string? WhyNotOneLength(IdentifierNameSyntax first, IdentifierNameSyntax? second, Value? length, string done)
        {
            foreach (IdentifierNameSyntax buffer in second is null ? new[] { first } : new[] { first, second })
            {
                if (_model.GetSymbolInfo(buffer, _cancellationToken).Symbol is not ILocalSymbol local || !_createdBufferLengths.TryGetValue(local, out Value? declared))
                {
                    return "only a local array the method creates itself ('new double[n]', 'stackalloc double[n]', a copy) can be " + done
                        + ", and '" + buffer.Identifier.ValueText + "' is a parameter or a view; write its elements instead";
                }

                if (length is not null && !length.Equals(declared) && !WithLocalsResolved(length).Equals(WithLocalsResolved(declared)))
                {
                    return "the lengths are not the same expression, so this could change the array's length; give both one length variable, or write the elements instead";
                }

                length = declared;
            }

            if (length is not null && !IsStableLength(length))
            {
                return "the length is not a constant or a local or parameter nothing assigns (an element, a field, a property or a call may change between the two), so the lengths may differ; compute the length into a local assigned once, or write the elements instead";
            }

            return length is not null && ValueTree.Reads(length).Concat(ValueTree.Reads(WithLocalsResolved(length))).FirstOrDefault(IsReassigned) is { } changed
                ? "the length reads '" + changed + "', which the method assigns, so the lengths may differ; compute the length into a local assigned once, or write the elements instead"
                : null;
        }

        /// <summary>
        /// <paramref name="length"/> with each integer local that is declared once with a value and never assigned again
        /// replaced by that value (<c>int n = u0.Length;</c> makes <c>new double[n]</c> as long as a copy of <c>u0</c>),
        /// so that two lengths written differently can still be seen to be one.
        /// </summary>
        private Value WithLocalsResolved(Value length, int depth = 0) => length switch
        {
            NameValue name when depth < 4 && InitialValueOfUnassignedLocal(name.Name) is { } initial => WithLocalsResolved(initial, depth + 1),
            UnaryValue unary => unary with { Operand = WithLocalsResolved(unary.Operand, depth) },
            BinaryValue binary => binary with { Left = WithLocalsResolved(binary.Left, depth), Right = WithLocalsResolved(binary.Right, depth) },
            CastValue cast => cast with { Operand = WithLocalsResolved(cast.Operand, depth) },
            _ => length,
        };

        private Value? InitialValueOfUnassignedLocal(string name)
        {
            // The name must be declared once in the whole method, in any way (a deconstruction, a pattern, a loop, a
            // parameter of a lambda or local function), so that it can only mean this local.
            if (!DeclaredOnceInMethod(name)
                || _syntax!.DescendantNodes().OfType<VariableDeclaratorSyntax>().FirstOrDefault(d => d.Identifier.ValueText == name) is not { Initializer.Value: { } initializer } declarator
                || _model.GetDeclaredSymbol(declarator, _cancellationToken) is not ILocalSymbol { IsConst: false } local
                || SymbolFacts.KindOf(local.Type) != ScalarKind.Integer || IsReassigned(name))
            {
                return null;
            }

            Value initial = _values.Bind(initializer);
            return ValueTree.IsPure(initial) && IsStableLength(initial) ? initial : null;
        }

        /// <summary>
        /// Whether a length means one number wherever it is evaluated in the method, given that the variables it reads are
        /// not assigned (checked apart): constants, locals, parameters, buffer lengths and arithmetic of them. An element,
        /// a field, a property or a call may change in between, through code the method calls.
        /// </summary>
        private static bool IsStableLength(Value length) => length switch
        {
            ConstantValue or NameValue or LengthValue => true,
            UnaryValue unary => IsStableLength(unary.Operand),
            BinaryValue binary => IsStableLength(binary.Left) && IsStableLength(binary.Right),
            CastValue cast => IsStableLength(cast.Operand),
            _ => false,
        };

        /// <summary>
        /// The <c>foreach</c> around <paramref name="statement"/> over one of <paramref name="buffers"/>, or null: C#'s loop
        /// goes on over the array it started with, while the generated loop, over elements, would see the swapped ones.
        /// </summary>
        private ForEachStatementSyntax? ForEachOver(SyntaxNode statement, IEnumerable<IdentifierNameSyntax> buffers)
        {
            var symbols = buffers.Select(b => _model.GetSymbolInfo(b, _cancellationToken).Symbol).Where(s => s is not null).ToList();
            return statement.Ancestors().OfType<ForEachStatementSyntax>().FirstOrDefault(loop =>
                loop.Expression is IdentifierNameSyntax iterated
                && symbols.Any(s => SymbolEqualityComparer.Default.Equals(s, _model.GetSymbolInfo(iterated, _cancellationToken).Symbol)));
        }

        /// <summary>
        /// Whether a variable of the method named <paramref name="name"/> is assigned anywhere after its declaration (as a
        /// whole: an element written is not the variable assigned), by <c>=</c>, a compound assignment, <c>++</c>/<c>--</c>,
        /// a deconstruction, or <c>ref</c>/<c>out</c>.
        /// </summary>
        private bool IsReassigned(string name) =>
            _syntax!.DescendantNodes().OfType<IdentifierNameSyntax>().Any(identifier =>
                identifier.Identifier.ValueText == name
                && _model.GetSymbolInfo(identifier, _cancellationToken).Symbol is ILocalSymbol or IParameterSymbol
                && AssignsAsAWhole(identifier));

        private static bool AssignsAsAWhole(ExpressionSyntax identifier)
        {
            SyntaxNode node = identifier;
            while (node.Parent is ParenthesizedExpressionSyntax)
            {
                node = node.Parent;
            }

            switch (node.Parent)
            {
                case AssignmentExpressionSyntax assignment when assignment.Left == node:
                case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression):
                case PostfixUnaryExpressionSyntax postfix when postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression):
                    return true;
                case ArgumentSyntax argument when argument.RefKindKeyword.RawKind != 0:
                    return true;
                case ArgumentSyntax { Parent: TupleExpressionSyntax tuple }:
                    SyntaxNode outer = tuple;
                    while (outer.Parent is ArgumentSyntax { Parent: TupleExpressionSyntax enclosing })
                    {
                        outer = enclosing;
                    }

                    return outer.Parent is AssignmentExpressionSyntax deconstruction && deconstruction.Left == outer;
                default:
                    return false;
            }
        }
    }
}
