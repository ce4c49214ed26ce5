using System;

namespace Diff
{
    /// <summary>
    /// Marks a method whose reverse-mode adjoint the DiffGen source generator writes at build time.
    /// </summary>
    /// <remarks>
    /// For <c>static double F(double x, double[] y)</c> in a <c>partial</c> type the generator adds
    /// <c>static double FGradient(double x, double[] y, ref double dX, double[] dY)</c>, which returns
    /// what <c>F</c> returns and adds ∂F/∂x into <c>dX</c> and ∂F/∂y into <c>dY</c>. Methods that
    /// return <c>void</c> and write arrays or spans get <c>FPullback</c> instead. Adjoints accumulate:
    /// zero them before the call, as with PyTorch's <c>.grad</c>.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class DifferentiableAttribute : Attribute
    {
    }

    /// <summary>
    /// Marks a GPU kernel: a static method over an <c>ILGPU.Index1D</c> or <c>ILGPU.Index2D</c> thread index,
    /// <c>ArrayView&lt;T&gt;</c> buffers and scalars, which ILGPU loads as written.
    /// </summary>
    /// <remarks>
    /// For <c>static void Saxpy(Index1D i, float a, ArrayView&lt;float&gt; x, ArrayView&lt;float&gt; y)</c> in a
    /// <c>partial</c> type the generator adds the adjoint kernel <c>SaxpyAdjoint</c>, which takes the primal
    /// arguments followed by one adjoint view per differentiable view and per differentiable scalar (a view of
    /// length 1); a host twin over arrays run with <c>Parallel.For</c>; and, with the runtime's launch helpers
    /// referenced, a typed launcher <c>SaxpyLauncher</c>. The method must stay inside ILGPU's kernel subset;
    /// anything outside it is a DIFF error at build time.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class KernelAttribute : Attribute
    {
    }

    /// <summary>
    /// Marks a parameter as a constant for differentiation: it gets no adjoint parameter and no
    /// gradient flows into it, like a tensor with <c>requires_grad=False</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
    public sealed class NoDiffAttribute : Attribute
    {
    }

    /// <summary>
    /// Registers the method it marks as the hand-written derivative of another method, which the
    /// generator then calls instead of differentiating (or refusing) the target's body.
    /// </summary>
    /// <remarks>
    /// The marked method has exactly the shape the generator would give the target:
    /// <list type="bullet">
    /// <item>for a target <c>R M(p1, …, pn)</c> returning <c>double</c> or <c>float</c>: the target's
    /// parameters, then one adjoint per differentiable parameter (<c>ref double</c> for scalars, an array
    /// of the same type for arrays, <c>Span&lt;T&gt;</c> for spans); it returns the target's value and
    /// adds the gradient into the adjoints;</item>
    /// <item>for a target that returns <c>void</c> and writes arrays or spans: the pullback shape, where
    /// on entry the adjoint of each written buffer holds the gradient of its final value and on exit
    /// the gradient of its initial value. The pullback also performs the target's writes.</item>
    /// </list>
    /// The target may live in another assembly, for example <c>System.Math</c>.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
    public sealed class DerivativeOfAttribute : Attribute
    {
        /// <summary>Registers a derivative for the method <paramref name="methodName"/> of <paramref name="type"/>.</summary>
        /// <param name="type">The type declaring the target method.</param>
        /// <param name="methodName">The target method's name; overloads are told apart by parameter types.</param>
        public DerivativeOfAttribute(Type type, string methodName)
        {
            Type = type ?? throw new ArgumentNullException(nameof(type));
            MethodName = methodName ?? throw new ArgumentNullException(nameof(methodName));
        }

        /// <summary>The type declaring the target method.</summary>
        public Type Type { get; }

        /// <summary>The target method's name.</summary>
        public string MethodName { get; }
    }
    /// <summary>
    /// Registers the method it marks as the tangent (forward-mode) rule of a tensor op, which the generator calls in the
    /// <c>…Tangent</c> companions of <c>[Differentiable]</c> tensor methods.
    /// </summary>
    /// <remarks>
    /// The marked method is static and lives in the op's own type, beside its <see cref="DerivativeOfAttribute"/>
    /// backward. It takes the op's parameters (the receiver first, as <c>self</c>, for an instance op), then the op's
    /// result, then one <c>Tensor?</c> tangent per <c>Tensor</c> parameter, in order, and returns the tangent of the
    /// result: Σ ∂op/∂pⱼ · tⱼ, with the result's shape. A null tangent stands for zero; with every tangent null the rule
    /// returns zeros. It uses the same conventions at kinks and ties as the op's backward, so that
    /// ⟨backward(u), v⟩ = ⟨u, tangent(v)⟩ everywhere.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
    public sealed class TangentOfAttribute : Attribute
    {
        /// <summary>Registers a tangent rule for the method <paramref name="methodName"/> of <paramref name="type"/>.</summary>
        /// <param name="type">The type declaring the target op.</param>
        /// <param name="methodName">The target op's name (<c>op_Addition</c> for <c>+</c>, <c>get_T</c> for a property); overloads are told apart by parameter types.</param>
        public TangentOfAttribute(Type type, string methodName)
        {
            Type = type ?? throw new ArgumentNullException(nameof(type));
            MethodName = methodName ?? throw new ArgumentNullException(nameof(methodName));
        }

        /// <summary>The type declaring the target op.</summary>
        public Type Type { get; }

        /// <summary>The target op's name.</summary>
        public string MethodName { get; }
    }
    /// <summary>
    /// Registers the method it marks as the curvature rule of a tensor op: what the op's backward changes by when its
    /// inputs move along their tangents at a fixed incoming gradient. The generator calls it in the
    /// <c>…HessianVector</c> companions of <c>[Differentiable]</c> tensor methods (forward over reverse).
    /// </summary>
    /// <remarks>
    /// The tangent of a backward, <c>backward(x, y, g)</c>, in the direction <c>(tx, ty, tg)</c> has two parts. The
    /// backward is linear in <c>g</c>, so the first part is <c>backward(x, y, tg)</c>, which the generator gets by
    /// calling the backward again. The second, <c>∂/∂ε backward(x + ε·tx, y + ε·ty, g)</c>, is this rule. It is static,
    /// lives in the op's own type beside the backward, and takes the op's parameters (the receiver first, as
    /// <c>self</c>), the op's result, the incoming gradient <c>dResult</c>, one <c>Tensor?</c> tangent per <c>Tensor</c>
    /// parameter, the tangent of the result (<c>Tensor? tResult</c>), then one <c>ref Tensor?</c> slot per
    /// <c>Tensor</c> parameter, which it adds into as a backward does (a null reference is not wanted). A null tangent
    /// stands for zero. An op whose backward does not change with its inputs is marked
    /// <see cref="PiecewiseLinearAttribute"/> instead.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
    public sealed class CurvatureOfAttribute : Attribute
    {
        /// <summary>Registers a curvature rule for the method <paramref name="methodName"/> of <paramref name="type"/>.</summary>
        /// <param name="type">The type declaring the target op.</param>
        /// <param name="methodName">The target op's name (<c>op_Multiply</c> for <c>*</c>); overloads are told apart by parameter types.</param>
        public CurvatureOfAttribute(Type type, string methodName)
        {
            Type = type ?? throw new ArgumentNullException(nameof(type));
            MethodName = methodName ?? throw new ArgumentNullException(nameof(methodName));
        }

        /// <summary>The type declaring the target op.</summary>
        public Type Type { get; }

        /// <summary>The target op's name.</summary>
        public string MethodName { get; }
    }

    /// <summary>
    /// Marks a tensor op's backward (<see cref="DerivativeOfAttribute"/>) whose op is linear in its tensor inputs wherever
    /// it is differentiable (a sum, a reshape, a slice, <c>Relu</c>, <c>Abs</c>, a maximum): its backward does not change
    /// when the inputs move, so the op needs no <see cref="CurvatureOfAttribute"/> rule, and its second derivative is
    /// zero. At a kink this is the same one-sided choice the backward makes.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class PiecewiseLinearAttribute : Attribute
    {
    }
}
