using System.Linq;

namespace Diff.Generator.Model
{
    /// <summary>
    /// The generator's copy of a parsed method carries no locations: only the analyzer reports
    /// diagnostics, so locations would only make the cache miss when a line moves (a comment added
    /// above a method must leave every step Cached or Unchanged).
    /// </summary>
    internal static class LocationFreeModels
    {
        public static MethodModel WithoutLocations(this MethodModel method) =>
            method with { Location = null, Body = Strip(method.Body) };

        public static TensorMethodModel WithoutLocations(this TensorMethodModel method) => method with { Location = null };

        private static Block Strip(Block block) => new(block.Statements.Select(Strip).ToEquatableArray());

        private static EquatableArray<Stmt> Strip(EquatableArray<Stmt> statements) => statements.Select(Strip).ToEquatableArray();

        private static Stmt Strip(Stmt stmt) => stmt switch
        {
            AssignStmt assign => assign with { Value = Strip(assign.Value) },
            ReturnStmt { Value: { } value } ret => ret with { Value = Strip(value) },
            CallStmt call => call with { Call = (UserCallExpr)Strip(call.Call) },
            IfStmt branch => branch with { Then = Strip(branch.Then), Else = Strip(branch.Else) },
            LoopStmt loop => loop with { Init = Strip(loop.Init), Step = Strip(loop.Step), Body = Strip(loop.Body) },
            BlockStmt nested => nested with { Body = Strip(nested.Body) },
            _ => stmt,
        };

        private static Expr Strip(Expr expr)
        {
            Expr stripped = ExprTree.MapChildren(expr, Strip);
            return stripped is UserCallExpr call
                ? call with { Location = null, Inline = call.Inline is null ? null : call.Inline with { Body = Strip(call.Inline.Body) } }
                : stripped;
        }
    }
}
