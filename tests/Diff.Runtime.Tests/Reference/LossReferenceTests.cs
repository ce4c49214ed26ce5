using System.Text.Json;
using Diff.NN;

namespace Diff.Runtime.Tests.Reference;

/// <summary>Every loss of the runtime, mean reduction: value and gradient of the input.</summary>
public class LossReferenceTests
{
    private static JsonElement Cases => ReferenceData.Root.GetProperty("losses");

    public static IEnumerable<object[]> Names => ReferenceData.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Value_and_input_gradient_match(string name)
    {
        JsonElement c = ReferenceData.Named(Cases, name);
        Tensor input = ReferenceData.Tensor(c.GetProperty("input"));
        Tensor dInput = Tensor.ZerosLike(input);

        Tensor value;
        float forwardOnly;
        if (c.GetProperty("target_is_int").GetBoolean())
        {
            int[] target = ReferenceData.Ints(c.GetProperty("target"));
            (value, forwardOnly) = name switch
            {
                "CrossEntropyLoss" => (ReferenceModels.CrossEntropyGradient(new CrossEntropyLoss(), input, target, dInput),
                                       new CrossEntropyLoss().Forward(input, target).Item()),
                "NLLLoss" => (ReferenceModels.NllGradient(new NLLLoss(), input, target, dInput),
                              new NLLLoss().Forward(input, target).Item()),
                _ => throw new ArgumentException($"No loss with integer targets named '{name}'."),
            };
        }
        else
        {
            Tensor target = ReferenceData.Tensor(c.GetProperty("target"));
            (value, forwardOnly) = name switch
            {
                "MSELoss" => (ReferenceModels.MseGradient(new MSELoss(), input, target, dInput),
                              new MSELoss().Forward(input, target).Item()),
                "L1Loss" => (ReferenceModels.L1Gradient(new L1Loss(), input, target, dInput),
                             new L1Loss().Forward(input, target).Item()),
                "BCELoss" or "BCELoss_binary_targets" => (ReferenceModels.BceGradient(new BCELoss(), input, target, dInput),
                                                          new BCELoss().Forward(input, target).Item()),
                "BCEWithLogitsLoss" => (ReferenceModels.BceWithLogitsGradient(new BCEWithLogitsLoss(), input, target, dInput),
                                        new BCEWithLogitsLoss().Forward(input, target).Item()),
                _ => throw new ArgumentException($"No loss named '{name}'."),
            };
        }

        double expected = c.GetProperty("value").GetDouble();
        Close.Scalar(expected, forwardOnly, $"{name} value");
        Close.Scalar(expected, value.Item(), $"{name} value from the gradient method");
        Close.Tensor(c.GetProperty("input_grad"), dInput, $"{name} input gradient");
    }
}
