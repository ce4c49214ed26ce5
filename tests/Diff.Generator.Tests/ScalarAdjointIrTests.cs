using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Diff.Generator.Analyse;
using Diff.Generator.Differentiate;
using Diff.Generator.Model;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// The reverse transform of a scalar method produces IR (<see cref="ScalarAdjointMethod"/>: both
    /// sweeps), which the C# backend prints: these tests assert on its steps, not on the printed text.
    /// </summary>
    public sealed class ScalarAdjointIrTests
    {
        private static ScalarAdjointMethod Adjoint(string members) => AdjointWriter.Adjoint(GeneratorHarness.AnalyseFirstMethod(members));

        private static ScalarReverseMethod Reverse(string members) => AdjointWriter.Reverse(GeneratorHarness.AnalyseFirstMethod(members));

        private static IEnumerable<SweepStmt> All(IEnumerable<SweepStmt> statements)
        {
            foreach (SweepStmt statement in statements)
            {
                yield return statement;
                IEnumerable<SweepStmt> nested = statement switch
                {
                    UnlessZeroStmt guard => guard.Body,
                    ReverseBlockStmt block => block.Body,
                    ReverseCountedLoopStmt loop => loop.Body,
                    ReplayTripsStmt trips => trips.Prologue.Concat(trips.Body).Concat(trips.Epilogue),
                    ReplayBranchStmt branch => branch.Then.Concat(branch.Else),
                    ForwardBlockStmt block => block.Body,
                    ForwardIfStmt branch => branch.Then.Concat(branch.Else),
                    ForwardForStmt loop => loop.Body,
                    ForwardWhileStmt loop => loop.Body,
                    _ => Enumerable.Empty<SweepStmt>(),
                };
                foreach (SweepStmt inner in All(nested))
                {
                    yield return inner;
                }
            }
        }

        [Fact]
        public void A_counted_loop_with_stable_bounds_runs_backwards_without_recording_anything()
        {
            ScalarReverseMethod reverse = Reverse("[Differentiable] static double F(double[] x) { double s = 0; for (int i = 0; i < x.Length; i++) s += x[i] * x[i]; return s; }");

            ReverseCountedLoopStmt loop = Assert.Single(reverse.Body.OfType<ReverseCountedLoopStmt>());
            Assert.Equal("i", loop.Loop.Var);
            Assert.Empty(All(reverse.Body).OfType<PopStmt>());

            // s += … keeps its adjoint (partial 1), and the element's adjoint is indexed by the counter itself.
            TakeAdjointStmt take = Assert.Single(All(loop.Body).OfType<TakeAdjointStmt>());
            Assert.False(take.Clear);
            IncrementStmt increment = Assert.Single(All(loop.Body).OfType<IncrementStmt>());
            Assert.Equal("i", Assert.IsType<NameValue>(increment.Target.Index).Name);
            Assert.Equal("dX", increment.Target.Name);
        }

        [Theory]
        [InlineData("for (int i = 1; i < x.Length; i += k) s += x[i] * x[i];", "i", "k")]
        [InlineData("for (int i = x.Length - 1; i >= 0; i -= 2) s += x[i] * x[i];", "i", "2")]
        public void A_loop_with_a_stable_stride_runs_backwards_without_recording_anything(string loopCode, string counter, string stride)
        {
            ScalarReverseMethod reverse = Reverse("[Differentiable] static double F(double[] x, int k) { double s = 0; " + loopCode + " return s; }");

            ReverseCountedLoopStmt loop = Assert.Single(reverse.Body.OfType<ReverseCountedLoopStmt>());
            Assert.Equal(counter, loop.Loop.Var);
            Assert.Equal(stride, loop.Loop.Step!.Code);
            Assert.Empty(All(reverse.Body).OfType<PopStmt>());
            Assert.Empty(reverse.Body.OfType<ReplayTripsStmt>());
        }

        [Fact]
        public void A_stride_the_loop_changes_is_not_a_counted_loop()
        {
            ScalarReverseMethod reverse = Reverse("[Differentiable] static double F(double[] x, int k) { double s = 0; for (int i = 0; i < x.Length; i += k) { s += x[i]; k++; } return s; }");
            Assert.Empty(reverse.Body.OfType<ReverseCountedLoopStmt>());
            Assert.Single(reverse.Body.OfType<ReplayTripsStmt>());
        }

        [Fact]
        public void A_loop_with_a_data_dependent_exit_replays_its_recorded_trip_count()
        {
            ScalarReverseMethod reverse = Reverse("[Differentiable] static double F(double x) { double y = x; while (y < 100) y = y * x; return y; }");

            ReplayTripsStmt trips = Assert.Single(reverse.Body.OfType<ReplayTripsStmt>());
            Assert.Empty(All(reverse.Body).OfType<ReverseCountedLoopStmt>());
            Assert.False(string.IsNullOrEmpty(trips.TripCount));
            Assert.Contains(All(trips.Body), s => s is TakeAdjointStmt { Clear: true });

            // Inside the loop, every partial that changes per trip comes back from the tape.
            Assert.Contains(All(trips.Body), s => s is PopStmt { Kind: ScalarKind.Double });
        }

        [Fact]
        public void A_branch_run_once_keeps_its_choice_in_a_local_and_a_branch_in_a_loop_records_it()
        {
            ScalarReverseMethod once = Reverse("[Differentiable] static double F(double x) { double y; if (x > 0) y = x * x; else y = -x; return y; }");
            ReplayBranchStmt top = Assert.Single(once.Body.OfType<ReplayBranchStmt>());
            Assert.NotNull(top.Slot);
            Assert.NotEmpty(top.Then);
            Assert.NotEmpty(top.Else);

            ScalarReverseMethod looped = Reverse("[Differentiable] static double F(double[] x) { double s = 0; for (int i = 0; i < x.Length; i++) { if (x[i] > 0) s += x[i]; } return s; }");
            ReplayBranchStmt inLoop = Assert.Single(All(looped.Body).OfType<ReplayBranchStmt>());
            Assert.Null(inLoop.Slot);
        }

        [Fact]
        public void A_scalar_parameter_adjoint_is_accumulated_locally_and_handed_over_once()
        {
            ScalarReverseMethod reverse = Reverse("[Differentiable] static double F(double x, double y) { x = x * y; return x + y; }");

            Assert.Equal(ScalarKind.Double, reverse.ResultKind);
            Assert.Equal("1", reverse.Seed);
            Assert.Equal(new[] { "dX", "dY" }, reverse.Epilogue.OfType<IncrementStmt>().Select(i => i.Target.Name).OrderBy(n => n));
        }

        [Fact]
        public void A_call_that_writes_a_buffer_rebuilds_it_and_runs_the_callees_pullback()
        {
            ScalarReverseMethod reverse = Reverse(
                "[Differentiable] static double F(double[] a, double x) { Scale(a, x); return a[0]; } "
                + "[Differentiable, System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)] static void Scale(double[] b, double k) { for (int i = 0; i < b.Length; i++) b[i] = b[i] * k; }");

            List<SweepStmt> steps = All(reverse.Body).ToList();
            int rebuild = steps.FindIndex(s => s is RebuildBufferStmt);
            int pullback = steps.FindIndex(s => s is PullbackStmt);
            Assert.True(rebuild >= 0 && pullback > rebuild, IrPrinter.Print(reverse));
            var call = (PullbackStmt)steps[pullback];
            Assert.Equal("global::C.ScalePullback", call.Method);
            Assert.Null(call.ResultAdjoint);
            Assert.Contains("dA", call.Adjoints);
        }

        [Fact]
        public void The_printed_sweep_lists_each_step()
        {
            ScalarReverseMethod reverse = Reverse("[Differentiable] static double F(double x) => Math.Sin(x) * x;");
            string printed = IrPrinter.Print(reverse);
            Assert.StartsWith("__dReturn := 1", printed);
            Assert.Contains(" := __dReturn; clear", printed);
            Assert.Contains("dX += ", printed);
        }

        [Fact]
        public void Straight_line_code_records_into_locals_and_uses_no_recording()
        {
            ScalarAdjointMethod adjoint = Adjoint("[Differentiable] static double F(double x, double y) { double z = Math.Exp(x * y); return z / y; }");

            Assert.All(All(adjoint.Forward).OfType<RecordStmt>(), r => Assert.NotNull(r.Slot));
            Assert.Empty(All(adjoint.Forward).OfType<ReserveStmt>());
            Assert.Empty(All(adjoint.Reverse.Body).OfType<PopStmt>());
        }

        [Fact]
        public void A_counted_loop_reserves_its_recordings_before_it_starts()
        {
            ScalarAdjointMethod adjoint = Adjoint("[Differentiable] static double F(double[] x, double y) { double p = 1; for (int i = 0; i < x.Length; i++) p = p * Math.Sin(x[i] * y); return p; }");

            int reserve = adjoint.Forward.Items.ToList().FindIndex(s => s is ReserveStmt);
            int loop = adjoint.Forward.Items.ToList().FindIndex(s => s is ForwardForStmt);
            Assert.True(reserve >= 0 && loop > reserve, IrPrinter.Print(adjoint));
            var body = ((ForwardForStmt)adjoint.Forward[loop]).Body;
            Assert.Contains(All(body), s => s is RecordStmt { Slot: null, Kind: ScalarKind.Double });

            // Every value recorded in the loop is read back in its reverse, of the same kind.
            var recorded = All(body).OfType<RecordStmt>().Select(r => r.Kind).OrderBy(k => k).ToList();
            var read = All(adjoint.Reverse.Body).OfType<PopStmt>().Select(p => p.Kind).OrderBy(k => k).ToList();
            Assert.Equal(recorded, read);
        }

        [Fact]
        public void A_triangular_loop_that_records_nothing_leaves_the_reservation_of_the_nest_around_it()
        {
            // The inner triangular loop's bounds read the column, so its trips cannot be counted before the nest; it
            // records nothing, so the nest's recordings (the old elements of v, the partials of the squared norm)
            // are counted all the same, reserved before the outermost loop and pushed without a capacity test.
            ScalarAdjointMethod adjoint = Adjoint(
                "[Differentiable] static double F(double[] x, double[] l, int n, int d) { double[] v = new double[d]; double[] w = new double[d]; double s = 0; "
                + "for (int i = 0; i < n; i++) { for (int j = 0; j < d; j++) v[j] = x[i * d + j]; "
                + "for (int j = 0; j < d; j++) w[j] = v[j]; "
                + "for (int c = 0; c < d; c++) { for (int r = c + 1; r < d; r++) w[r] += l[r] * v[c]; } "
                + "for (int j = 0; j < d; j++) s += w[j] * w[j]; } return s; }");

            List<SweepStmt> top = adjoint.Forward.Items.ToList();
            int loop = top.FindIndex(s => s is ForwardForStmt);
            Assert.True(loop >= 0, IrPrinter.Print(adjoint));
            Assert.Contains(top.Take(loop), s => s is ReserveStmt { Kind: ScalarKind.Double });
            List<RecordStmt> records = All(((ForwardForStmt)top[loop]).Body).OfType<RecordStmt>().Where(r => r.Slot is null).ToList();
            Assert.NotEmpty(records);
            Assert.All(records, r => Assert.True(r.Reserved, IrPrinter.Print(adjoint)));
        }

        [Fact]
        public void A_triangular_loop_that_records_reserves_for_itself_inside_the_nest()
        {
            // Here the triangular loop records (a product of two changing values): its trips depend on the column, so the
            // nest cannot be counted before it starts. The row loop can be, just before it, and reserves there; the
            // column's own push keeps its capacity test.
            ScalarAdjointMethod adjoint = Adjoint(
                "[Differentiable] static double F(double[] x, int n, int d) { double s = 0; "
                + "for (int i = 0; i < n; i++) { for (int c = 0; c < d; c++) { s = s * x[c]; for (int r = c + 1; r < d; r++) s = s * x[r]; } } return s; }");

            var column = Assert.Single(Assert.Single(adjoint.Forward.Items.OfType<ForwardForStmt>()).Body.OfType<ForwardForStmt>());
            List<SweepStmt> columnBody = column.Body.Items.ToList();
            int row = AssertTheInnerLoopAloneReserves(adjoint, columnBody);
            Assert.Contains(columnBody.Take(row).OfType<RecordStmt>(), r => r.Slot is null && !r.Reserved);
            Assert.All(All(adjoint.Forward).OfType<ForwardForStmt>(), l => Assert.Empty(l.Reservation));
        }

        [Fact]
        public void A_loop_whose_bounds_read_a_local_of_the_nest_reserves_for_itself_inside_it()
        {
            // The inner bound m is declared in the outer loop's body, a new value on every trip: the nest cannot be
            // counted before the outer loop, the inner loop can just before it.
            ScalarAdjointMethod adjoint = Adjoint(
                "[Differentiable] static double F(double[] x, int n) { double s = 0; "
                + "for (int i = 0; i < n; i++) { int m = i % 3 + 1; for (int j = 0; j < m; j++) s = s * x[j]; } return s; }");

            AssertTheInnerLoopAloneReserves(adjoint, Assert.Single(adjoint.Forward.Items.OfType<ForwardForStmt>()).Body.Items.ToList());
        }

        /// <summary>
        /// Nothing reserves before the outermost loop; in <paramref name="body"/>, the first loop reserves for itself just
        /// before it and its pushes skip the capacity test. Returns that loop's position.
        /// </summary>
        private static int AssertTheInnerLoopAloneReserves(ScalarAdjointMethod adjoint, List<SweepStmt> body)
        {
            Assert.DoesNotContain(adjoint.Forward.Items, s => s is ReserveStmt);
            int inner = body.FindIndex(s => s is ForwardForStmt);
            Assert.True(inner > 0 && body[inner - 1] is ReserveStmt { Kind: ScalarKind.Double }, IrPrinter.Print(adjoint));
            Assert.All(All(((ForwardForStmt)body[inner]).Body).OfType<RecordStmt>(), r => Assert.True(r.Reserved));
            return inner;
        }

        [Fact]
        public void Increments_are_typed_terms_built_from_the_catalog()
        {
            // y = Atan(x) / N with const int N: the increment of x is seed · (1 / (1 + x²)) / N, a tree of
            // double terms whose N is a typed integer value, converted where it is printed.
            ScalarReverseMethod reverse = Reverse("const int N = 4; [Differentiable] static double F(double x) => System.Math.Atan(x) / N;");

            IncrementStmt increment = Assert.Single(All(reverse.Body).OfType<IncrementStmt>(), i => i.Target.Name.Contains("x"));
            Assert.Equal(ScalarKind.Double, increment.Term.Kind);
            Assert.Contains(Descendants(increment.Term), t => t is BinaryTerm { Operator: TermOperator.Divide });
            ValueTerm n = Assert.Single(Descendants(increment.Term).OfType<ValueTerm>());
            Assert.True(n.Value.IsIntegral);
            Assert.Equal(ScalarKind.Double, n.Kind);
            Assert.Contains("((double)(N))", TermPrinter.Print(increment.Term));
            Assert.All(Descendants(increment.Term), t => Assert.NotEqual(ScalarKind.Integer, t.Kind));
        }

        [Fact]
        public void A_partial_of_stable_values_is_recomputed_and_one_that_calls_a_function_is_recorded()
        {
            // d/dx of x * y with x and y parameters that are never written: y is read again in the
            // reverse sweep, nothing is recorded. d/dx of Exp(x) is the exponential itself, recorded.
            ScalarAdjointMethod product = Adjoint("[Differentiable] static double F(double x, double y) => x * y;");
            Assert.Empty(All(product.Forward).OfType<RecordStmt>());

            ScalarAdjointMethod exp = Adjoint("[Differentiable] static double F(double x, double y) => System.Math.Exp(x) * y;");
            Assert.NotEmpty(All(exp.Forward).OfType<RecordStmt>());
        }

        [Fact]
        public void A_value_that_may_be_overwritten_before_it_is_read_has_its_partials_guarded_and_an_accumulation_that_is_read_has_not()
        {
            // s -= s * x * s may overflow; when n is odd s is overwritten, so its adjoint there is 0.
            ScalarReverseMethod dropped = Reverse("[Differentiable] static double F(double x, int n) { double s = x; for (int i = 0; i < 9; i++) s -= s * (x * s); if (n % 2 == 1) s = n; return s; }");
            Assert.Contains(All(dropped.Body).OfType<UnlessZeroStmt>(), g => g.Body.OfType<IncrementStmt>().Any());

            // s += a[i] * x is always read by the return: no test of the adjoint.
            ScalarReverseMethod read = Reverse("[Differentiable] static double F(double x, double[] a) { double s = 0; for (int i = 0; i < a.Length; i++) s += a[i] * x; return s; }");
            Assert.Empty(All(read.Body).OfType<UnlessZeroStmt>());
        }

        private static IEnumerable<Term> Descendants(Term term) => new[] { term }.Concat(Terms.Children(term).SelectMany(Descendants));

        [Fact]
        public void A_loop_that_is_not_counted_counts_its_trips_and_records_the_count()
        {
            ScalarAdjointMethod adjoint = Adjoint("[Differentiable] static double F(double x) { double y = x; while (y < 100) y = y * x; return y; }");

            ForwardBlockStmt block = Assert.Single(adjoint.Forward.OfType<ForwardBlockStmt>());
            ForwardWhileStmt loop = Assert.Single(block.Body.OfType<ForwardWhileStmt>());
            CountTripStmt trip = Assert.Single(loop.Body.OfType<CountTripStmt>());
            RecordStmt count = Assert.Single(block.Body.OfType<RecordStmt>());
            Assert.Equal(trip.Counter, Assert.IsType<NameTerm>(count.Value).Name);
            Assert.Equal(count.Slot, Assert.Single(adjoint.Reverse.Body.OfType<ReplayTripsStmt>()).TripCount);
        }

        [Fact]
        public void The_IR_names_no_tape_the_backend_chooses_how_to_record()
        {
            ScalarAdjointMethod adjoint = Adjoint(
                "[Differentiable] static double F(double[] x) { double s = 0; int k = 0; while (k < x.Length) { if (x[k] > 0) s += x[k] * x[k]; k++; } return s; }");
            string printed = IrPrinter.Print(adjoint);
            Assert.Contains("record ", printed);
            Assert.DoesNotContain("__tape", printed);
            Assert.DoesNotContain("__top", printed);
        }
    }
}
