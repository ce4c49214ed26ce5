namespace Diff.Gpu.Tests.Launching
{
    public sealed class LaunchChecksTests
    {
        [Fact]
        public void EqualLengthsPass()
        {
            LaunchChecks.CheckLength(4, 4, "dX", "x");
            LaunchChecks.CheckAtLeast(5, 4, "x", "the launch extent n = 4");
            LaunchChecks.CheckAtLeast(4, 4, "x", "the launch extent n = 4");
            LaunchChecks.CheckScalarAdjoint(1, "dA");
        }

        [Fact]
        public void ALengthMismatchNamesBothArgumentsAndLengths()
        {
            var error = Assert.Throws<ArgumentException>(() => LaunchChecks.CheckLength(3, 4, "dX", "x"));

            Assert.Equal("dX", error.ParamName);
            Assert.StartsWith("dX has length 3 but x has length 4; dX must be as long as x", error.Message);
        }

        [Fact]
        public void ATooShortViewNamesItsLengthAndTheRequiredOne()
        {
            var error = Assert.Throws<ArgumentException>(() => LaunchChecks.CheckAtLeast(3, 4096, "y", "the launch extent n = 4096"));

            Assert.Equal("y", error.ParamName);
            Assert.StartsWith("y has length 3 but must have at least 4096 elements for the launch extent n = 4096.", error.Message);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(2)]
        public void AScalarAdjointMustHaveOneElement(long length)
        {
            var error = Assert.Throws<ArgumentException>(() => LaunchChecks.CheckScalarAdjoint(length, "dA"));

            Assert.Equal("dA", error.ParamName);
            Assert.StartsWith($"dA has length {length} but must have length 1", error.Message);
        }

        [Fact]
        public void LengthsBeyondIntAreReportedExactly()
        {
            var error = Assert.Throws<ArgumentException>(() => LaunchChecks.CheckLength(3_000_000_000, 3_000_000_001, "dX", "x"));

            Assert.Contains("3000000000", error.Message);
            Assert.Contains("3000000001", error.Message);
        }
    }
}
