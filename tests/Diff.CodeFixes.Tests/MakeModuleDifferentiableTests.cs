using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Verify = Diff.CodeFixes.Tests.CodeFixVerifier<Diff.CodeFixes.MakeModuleDifferentiableCodeFixProvider>;

namespace Diff.CodeFixes.Tests
{
    public sealed class MakeModuleDifferentiableTests
    {
        private const string Source = """
            using Diff;
            using Diff.NN;

            public sealed class {|DIFF015:Net|} : Module
            {
                private readonly Linear _linear;

                public Net() => _linear = RegisterModule("linear", new Linear(4, 1));

                /// <summary>The output.</summary>
                public override Tensor Forward(Tensor input) => _linear.Forward(input);
            }
            """;

        private const string Fixed = """
            using Diff;
            using Diff.NN;

            public sealed partial class Net : Module
            {
                private readonly Linear _linear;

                public Net() => _linear = RegisterModule("linear", new Linear(4, 1));

                /// <summary>The output.</summary>
                [Differentiable]
                public override Tensor Forward(Tensor input) => _linear.Forward(input);
            }
            """;

        [Fact]
        public async Task Makes_the_module_partial_and_its_Forward_differentiable()
        {
            await Verify.VerifyAsync(Source, Fixed);
        }

        [Fact]
        public void Without_the_fix_the_build_fails_with_DIFF015()
        {
            var (diagnostics, _) = GeneratorCompilation.Build(Source.Replace("{|DIFF015:Net|}", "Net"));
            Assert.Contains(diagnostics, d => d.Id == "DIFF015" && d.GetMessage().Contains("'Net'"));
        }

        [Fact]
        public void Fixed_code_builds_with_the_generator()
        {
            var (diagnostics, generated) = GeneratorCompilation.Build(Fixed);
            Assert.Empty(diagnostics.Select(d => d.ToString()));
            Assert.Contains("Net.Forward.g.cs", generated);
        }
    }
}
