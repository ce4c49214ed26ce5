using Diff.Optim;
using static Diff.Runtime.Tests.Optim.OptimizerReference;

namespace Diff.Runtime.Tests.Optim
{
    public sealed class SchedulerTests
    {
        [Fact]
        public void StepLRDecaysEveryStepSizeEpochs()
        {
            SGD sgd = new SGD(One(NewParameter()), 1.0);
            StepLR scheduler = new StepLR(sgd, stepSize: 2, gamma: 0.5);
            Assert.Equal(1.0, scheduler.LastLearningRate);

            double[] rates = new double[6];
            for (int epoch = 0; epoch < rates.Length; epoch++)
            {
                scheduler.Step();
                rates[epoch] = scheduler.LastLearningRate;
                Assert.Equal(rates[epoch], sgd.LearningRate);
            }

            Assert.Equal(new[] { 1.0, 0.5, 0.5, 0.25, 0.25, 0.125 }, rates);
            Assert.Equal(6, scheduler.LastEpoch);
        }

        [Fact]
        public void CosineAnnealingFollowsTheClosedForm()
        {
            Adam adam = new Adam(One(NewParameter()), lr: 1.0);
            CosineAnnealingLR scheduler = new CosineAnnealingLR(adam, tMax: 4, etaMin: 0.1);

            for (int epoch = 1; epoch <= 8; epoch++)
            {
                scheduler.Step();
                double expected = 0.1 + 0.9 * (1 + Math.Cos(Math.PI * epoch / 4)) / 2;
                Assert.Equal(expected, scheduler.LastLearningRate, 12);
                Assert.Equal(expected, adam.LearningRate, 12);
            }

            // Epoch 4 reached η_min; epoch 8 is back at the base rate.
            Assert.Equal(1.0, scheduler.LastLearningRate, 12);
        }

        [Fact]
        public void CosineAnnealingReachesEtaMinAtTMax()
        {
            SGD sgd = new SGD(One(NewParameter()), 0.2);
            CosineAnnealingLR scheduler = new CosineAnnealingLR(sgd, tMax: 3);
            for (int epoch = 0; epoch < 3; epoch++)
            {
                scheduler.Step();
            }

            Assert.Equal(0.0, sgd.LearningRate, 12);
        }

        [Fact]
        public void SchedulersValidateTheirArguments()
        {
            SGD sgd = new SGD(One(NewParameter()), 0.1);

            Assert.Equal("stepSize", Assert.Throws<ArgumentOutOfRangeException>(() => new StepLR(sgd, 0)).ParamName);
            Assert.Equal("gamma", Assert.Throws<ArgumentOutOfRangeException>(() => new StepLR(sgd, 1, -0.5)).ParamName);
            Assert.Equal("tMax", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingLR(sgd, 0)).ParamName);
            Assert.Equal("etaMin", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingLR(sgd, 5, double.NaN)).ParamName);
            Assert.Equal("optimizer", Assert.Throws<ArgumentNullException>(() => new StepLR(null!, 1)).ParamName);
        }
    }
}
