using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Model;

namespace Diff.Generator.Lowering
{
    /// <summary>Walks a block and lets a rule replace each statement with zero or more statements.</summary>
    internal abstract class StatementRewriter
    {
        /// <remarks>
        /// A block whose statements all come back as themselves is returned as it is: the lowering passes run until the
        /// body stops changing, so most blocks go through every rule unchanged at least once. Statements are still each
        /// rewritten, in order, and each result is read before the next statement is rewritten.
        /// </remarks>
        public Block Rewrite(Block block)
        {
            List<Stmt>? result = null;
            for (int i = 0; i < block.Statements.Count; i++)
            {
                Stmt stmt = block.Statements[i];
                IEnumerable<Stmt> rewritten = RewriteStatement(stmt);
                if (result is null)
                {
                    if (rewritten is Stmt[] { Length: 1 } single && ReferenceEquals(single[0], stmt))
                    {
                        continue;
                    }

                    result = new List<Stmt>(block.Statements.Count + 4);
                    for (int j = 0; j < i; j++)
                    {
                        result.Add(block.Statements[j]);
                    }
                }

                result.AddRange(rewritten);
            }

            return result is null ? block : new Block(result.ToEquatableArray());
        }

        protected virtual IEnumerable<Stmt> RewriteStatement(Stmt stmt) => stmt switch
        {
            AssignStmt assign => RewriteAssign(assign),
            ReturnStmt ret => RewriteReturn(ret),
            IfStmt branch => new Stmt[] { branch with { Then = Rewrite(branch.Then), Else = Rewrite(branch.Else) } },
            BlockStmt nested => new Stmt[] { new BlockStmt(Rewrite(nested.Body)) },
            LoopStmt loop => new Stmt[]
            {
                loop with
                {
                    Init = Rewrite(new Block(loop.Init)).Statements,
                    Step = Rewrite(new Block(loop.Step)).Statements,
                    Body = Rewrite(loop.Body),
                },
            },
            _ => new[] { stmt },
        };

        protected virtual IEnumerable<Stmt> RewriteAssign(AssignStmt assign) => new Stmt[] { assign };

        protected virtual IEnumerable<Stmt> RewriteReturn(ReturnStmt stmt) => new Stmt[] { stmt };
    }

    /// <summary>Hands out names that collide with nothing in the method.</summary>
    internal sealed class NameSource
    {
        private readonly HashSet<string> _taken;
        private int _next;

        public NameSource(IEnumerable<string> taken) => _taken = new HashSet<string>(taken, System.StringComparer.Ordinal);

        private NameSource(NameSource source)
        {
            _taken = new HashSet<string>(source._taken, System.StringComparer.Ordinal);
            _next = source._next;
        }

        /// <summary>A source that hands out, from here on, exactly the names this one would.</summary>
        public NameSource Copy() => new(this);

        public string Fresh(string stem)
        {
            while (true)
            {
                string name = "__" + stem + (++_next).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (_taken.Add(name))
                {
                    return name;
                }
            }
        }

        /// <summary>A readable name such as <c>adj_s</c>, made unique if the method already uses it.</summary>
        public string Readable(string name)
        {
            if (_taken.Add(name))
            {
                return name;
            }

            return Fresh(name.TrimStart('_'));
        }

        public bool IsTaken(string name) => _taken.Contains(name);

        /// <summary>Every name in use, the method's own and those handed out, in ordinal order.</summary>
        public EquatableArray<string> Taken => _taken.OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray();
    }
}
