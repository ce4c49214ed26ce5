using System.Collections.Generic;
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

        string loss = c.GetProperty("loss").GetString()!;
        Tensor value;
        Tensor forwardOnly;
        if (c.GetProperty("target_is_int").GetBoolean())
        {
            int[] target = ReferenceData.Ints(c.GetProperty("target"));
            (value, forwardOnly) = loss switch
            {
                "CrossEntropyLoss" => (ReferenceModels.CrossEntropyGradient(input, target, dInput),
                                       Functional.CrossEntropyLoss(input, target)),
                "NLLLoss" => (ReferenceModels.NllGradient(input, target, dInput), Functional.NLLLoss(input, target)),
                _ => throw new ArgumentException($"No loss with integer targets named '{loss}'."),
            };
        }
        else
        {
            Tensor target = ReferenceData.Tensor(c.GetProperty("target"));
            (value, forwardOnly) = loss switch
            {
                "MSELoss" => (ReferenceModels.MseGradient(input, target, dInput), Functional.MSELoss(input, target)),
                "L1Loss" => (ReferenceModels.L1Gradient(input, target, dInput), Functional.L1Loss(input, target)),
                "BCELoss" => (ReferenceModels.BceGradient(input, target, dInput),
                                                          Functional.BCELoss(input, target)),
                "BCEWithLogitsLoss" => (ReferenceModels.BceWithLogitsGradient(input, target, dInput),
                                        Functional.BCEWithLogitsLoss(input, target)),
                _ => throw new ArgumentException($"No loss named '{loss}'."),
            };
        }

        double expected = c.GetProperty("value").GetDouble();
        Close.Scalar(expected, forwardOnly.Item(), $"{name} value");
        Close.Scalar(expected, value.Item(), $"{name} value from the gradient method");
        Close.Tensor(c.GetProperty("input_grad"), dInput, $"{name} input gradient");
    }
}
