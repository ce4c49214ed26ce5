using System;

namespace Diff.NN
{
    /// <summary>
    /// A trainable tensor: the value a model learns and the gradient that training accumulates for
    /// it, like PyTorch's <c>nn.Parameter</c> with its <c>.grad</c>.
    /// </summary>
    /// <remarks>
    /// Gradients from generated adjoints arrive through <see cref="AccumulateGrad(Tensor)"/> and add
    /// up across calls, as PyTorch's <c>.grad</c> does, until <see cref="ZeroGrad"/> clears them.
    /// </remarks>
    public sealed class Parameter
    {
        private Tensor _value;

        // The storage of the gradient ZeroGrad cleared, reused by the next one: a training step
        // then allocates no gradient buffers (PyTorch's caching allocator does the same job).
        private Tensor? _released;

        /// <summary>Wraps <paramref name="value"/> as a trainable parameter.</summary>
        /// <param name="value">The initial value; the parameter keeps this tensor, not a copy.</param>
        /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
        public Parameter(Tensor value)
        {
            _value = value ?? throw new ArgumentNullException(nameof(value));
            // A parameter outlives any gradient call, so its storage must never go back to the pool.
            _value.MarkShared();
        }

        /// <summary>The current value, which optimizers update in place.</summary>
        /// <remarks>
        /// A new value may have any shape, as in PyTorch; a gradient accumulated for the old shape
        /// must then be cleared with <see cref="ZeroGrad"/> before the next one arrives.
        /// </remarks>
        /// <exception cref="ArgumentNullException">The new value is null.</exception>
        public Tensor Value
        {
            get => _value;
            set
            {
                _value = value ?? throw new ArgumentNullException(nameof(value));
                _value.MarkShared();
            }
        }

        /// <summary>
        /// The gradient accumulated since the last <see cref="ZeroGrad"/>, or null when none has
        /// arrived (PyTorch's <c>.grad</c> is <c>None</c> then too).
        /// </summary>
        public Tensor? Grad { get; private set; }

        /// <summary>
        /// Whether the parameter is trained. A frozen parameter (false) ignores incoming gradients
        /// and optimizers leave it unchanged, like <c>requires_grad=False</c> in PyTorch.
        /// </summary>
        public bool RequiresGrad { get; set; } = true;

        /// <summary>
        /// Adds <paramref name="gradient"/> to <see cref="Grad"/>; the first gradient is copied, so
        /// the caller may reuse its tensor. Does nothing while <see cref="RequiresGrad"/> is false.
        /// </summary>
        /// <param name="gradient">A gradient with exactly the shape of <see cref="Value"/>.</param>
        /// <exception cref="ArgumentNullException"><paramref name="gradient"/> is null.</exception>
        /// <exception cref="ArgumentException">The shapes differ.</exception>
        public void AccumulateGrad(Tensor gradient)
        {
            ArgumentNullException.ThrowIfNull(gradient);
            if (!RequiresGrad)
            {
                return;
            }

            if (!Shapes.Equal(gradient.Shape, _value.Shape))
            {
                throw new ArgumentException(
                    $"The gradient's shape {Shapes.Format(gradient.Shape)} differs from the parameter's shape {Shapes.Format(_value.Shape)}.",
                    nameof(gradient));
            }

            if (!ReferenceEquals(gradient.Device, _value.Device))
            {
                throw new ArgumentException(
                    $"The gradient is on {gradient.Device} but the parameter is on {_value.Device}.", nameof(gradient));
            }

            if (Grad is null)
            {
                // A copy: the generated adjoint may hand the same tensor to several parameters.
                if (_released is not null && Shapes.Equal(_released.Shape, _value.Shape) && ReferenceEquals(_released.Device, _value.Device))
                {
                    _released.CopyFrom(gradient);
                    Grad = _released;
                    _released = null;
                }
                else
                {
                    Grad = gradient.Clone();
                }
            }
            else if (!Shapes.Equal(Grad.Shape, _value.Shape))
            {
                // The value was replaced by one of another shape since the last gradient arrived.
                throw new InvalidOperationException(
                    $"The accumulated gradient's shape {Shapes.Format(Grad.Shape)} differs from the parameter's shape {Shapes.Format(_value.Shape)}; call ZeroGrad after replacing Value.");
            }
            else
            {
                Grad.AddInPlace(gradient);
            }
        }

        /// <summary>Moves the value and the gradient to <paramref name="device"/>.</summary>
        internal void MoveTo(Device device)
        {
            _value = _value.To(device);
            Grad = Grad?.To(device);
            _released = null;
        }

        /// <summary>Clears the gradient: <see cref="Grad"/> becomes null (PyTorch's <c>set_to_none=True</c>).</summary>
        /// <remarks>
        /// The cleared tensor's storage is reused for the next gradient, so that training steps do
        /// not allocate gradient buffers; clone a gradient you want to keep past this call.
        /// </remarks>
        public void ZeroGrad()
        {
            _released = Grad ?? _released;
            Grad = null;
        }

        /// <summary>Describes the parameter by its value's shape.</summary>
        /// <returns>For example <c>Parameter [3, 4]</c>.</returns>
        public override string ToString() => "Parameter " + Shapes.Format(_value.Shape);
    }
}
