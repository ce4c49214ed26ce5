using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Diff.Gradients.Tests;

/// <summary>A cursor over an input and a gain, both changed by its methods: state the IR has no variable for.</summary>
public sealed class StateCursor
{
    /// <summary>The position the next read takes.</summary>
    public int Position;

    /// <summary>A gain that <see cref="Grow"/> doubles.</summary>
    public double Gain = 1;

    /// <summary>Weights that <see cref="Bump"/> raises.</summary>
    public double[] Weights = { 1, 2, 3, 4 };

    private double _rate = 0.5;

    /// <summary>A property computed from a private field.</summary>
    public double Rate => _rate;

    /// <summary>Moves to the next position.</summary>
    public void Advance() => Position++;

    /// <summary>The position after the next one, read without moving.</summary>
    public int Peek() => Position + 1;

    /// <summary>Doubles the gain and halves the rate.</summary>
    public void Grow()
    {
        Gain *= 2;
        _rate *= 0.5;
    }

    /// <summary>Raises every weight by one.</summary>
    public void Bump()
    {
        for (int i = 0; i < Weights.Length; i++)
        {
            Weights[i] += 1;
        }
    }
}

/// <summary>A sequence whose enumerator moves a cursor on as it walks: a <c>foreach</c> over it changes the cursor.</summary>
public sealed class CursorSteps
{
    private readonly StateCursor _cursor;
    private int _left;

    /// <summary><paramref name="steps"/> steps of <paramref name="cursor"/>.</summary>
    public CursorSteps(StateCursor cursor, int steps)
    {
        _cursor = cursor;
        _left = steps;
    }

    /// <summary>The sequence is its own enumerator.</summary>
    public CursorSteps GetEnumerator() => this;

    /// <summary>Moves the cursor on, while steps are left.</summary>
    public bool MoveNext()
    {
        if (_left == 0)
        {
            return false;
        }

        _left--;
        _cursor.Advance();
        return true;
    }

    /// <summary>The cursor's position.</summary>
    public int Current => _cursor.Position;
}

/// <summary>
/// Methods that read fields, properties and elements held by objects, and call methods that change them: the reverse
/// sweep must use the values the forward read, not those after the change.
/// </summary>
public static partial class ObjectStateFns
{
    /// <summary>A static gain that <see cref="Raise"/> changes.</summary>
    public static double StaticGain = 1;

    private static void Raise() => StaticGain *= 1.5;

    [Differentiable]
    public static double PositionInLocal(double[] x, [NoDiff] StateCursor c)
    {
        double s = 0;
        for (int i = 0; i < 3; i++)
        {
            int p = c.Position;
            s += x[p] * x[p] * x[i];
            c.Advance();
        }

        return s;
    }

    [Differentiable]
    public static double PositionAsIndex(double[] x, [NoDiff] StateCursor c)
    {
        double s = 0;
        while (c.Position < 3)
        {
            s += Math.Sin(x[c.Position]) * x[c.Position + 1];
            c.Advance();
        }

        return s;
    }

    /// <summary>A method that only reads the cursor is no draw: the statement may read the cursor beside it.</summary>
    [Differentiable]
    public static double PeekBesideAField(double[] x, [NoDiff] StateCursor c)
    {
        double s = 0;
        for (int i = 0; i < 2; i++)
        {
            s += x[c.Position] * (1 + c.Peek()) * x[c.Peek()];
            c.Advance();
        }

        return s;
    }

    [Differentiable]
    public static double GainFactor(double[] x, [NoDiff] StateCursor c)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * x[i] * c.Gain + c.Rate * x[i];
            c.Grow();
        }

        return s;
    }

    [Differentiable]
    public static double StraightLine(double[] x, [NoDiff] StateCursor c)
    {
        double a = x[0] * c.Gain * c.Weights[1];
        c.Grow();
        c.Bump();
        return a * c.Gain * x[1] * c.Weights[1];
    }

    /// <summary>A static scale behind a property, set by a method given a constant.</summary>
    public static double Scale = 1;

    private static double ScaleProperty => Scale;

    private static void SetScale(double scale) => Scale = scale;

    [Differentiable]
    public static double ScaleSetEachTrip(double[] x)
    {
        SetScale(1);
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * x[i] * ScaleProperty;
            SetScale(Scale + 1);
        }

        return s;
    }

    [Differentiable]
    public static double StaticField(double[] x)
    {
        StaticGainReset();
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * x[i] * StaticGain;
            Raise();
        }

        return s;
    }

    private static void StaticGainReset() => StaticGain = 1;

    [Differentiable]
    public static double ReversedList(double[] x, [NoDiff] List<int> order)
    {
        double s = x[order[0]] * x[order[1]];
        order.Reverse();
        return s * x[order[0]];
    }

    [Differentiable]
    public static double ReversedArray(double[] x, [NoDiff] int[] order)
    {
        double s = x[order[0]] * x[order[1]];
        Array.Reverse(order);
        return s * x[order[0]] + x[order[2]];
    }

    [Differentiable]
    public static double Scaled(double a, [NoDiff] StateCursor c) => a * a * c.Gain;

    [Differentiable]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double ScaledApart(double a, [NoDiff] StateCursor c) => a * a * c.Gain;

    [Differentiable]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double WeightedSquares(double[] w, [NoDiff] double gain)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += w[i] * w[i] * gain;
        }

        return s;
    }

    /// <summary>The way out of DIFF013 for a helper that would read the cursor in its pullback: pass what it reads.</summary>
    [Differentiable]
    public static double GainAsArgument(double[] w, [NoDiff] StateCursor c)
    {
        double s = 0;
        for (int k = 0; k < 3; k++)
        {
            s += WeightedSquares(w, c.Gain);
            c.Grow();
        }

        return s;
    }

    [Differentiable]
    public static double ThroughHelpers(double[] x, [NoDiff] StateCursor c)
    {
        double s = 0;
        for (int i = 0; i < 3; i++)
        {
            s += Scaled(x[i], c) + ScaledApart(x[i + 1], c);
            c.Grow();
        }

        return s;
    }
}

/// <summary>
/// [NoDiff] float and double arguments of helpers whose pullback runs in the reverse sweep, computed inside the loop that
/// calls them: recorded for the pullback as the forward passed them.
/// </summary>
public static partial class RecordedNumberFns
{
    [Differentiable]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Spread(double[] w, double[] o, [NoDiff] double gain)
    {
        for (int i = 0; i < w.Length; i++)
        {
            o[i] = w[i] * w[i] * gain;
        }
    }

    [Differentiable]
    public static double PerTripRate(double[] w, [NoDiff] double[] rates)
    {
        double s = 0;
        var o = new double[w.Length];
        for (int k = 0; k < rates.Length; k++)
        {
            double rate = rates[k] * 2;
            Spread(w, o, rate);
            s += o[0] * o[1] + o[w.Length - 1];
        }

        return s;
    }

    [Differentiable]
    public static double GainInLocal(double[] w, [NoDiff] StateCursor c)
    {
        double s = 0;
        for (int k = 0; k < 3; k++)
        {
            double g = c.Gain;
            s += ObjectStateFns.WeightedSquares(w, g);
            c.Grow();
        }

        return s;
    }

    [Differentiable]
    public static float SinglePerTrip(float[] w, [NoDiff] float[] rates)
    {
        float s = 0;
        var o = new float[w.Length];
        for (int k = 0; k < rates.Length; k++)
        {
            float rate = rates[k] + 0.5f;
            SpreadSingle(w, o, rate);
            s += o[0] * o[1];
        }

        return s;
    }

    [Differentiable]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void SpreadSingle(float[] w, float[] o, [NoDiff] float gain)
    {
        for (int i = 0; i < w.Length; i++)
        {
            o[i] = w[i] * gain;
        }
    }
}

/// <summary>A permutation held in a readonly field, an array the object's methods and the library change.</summary>
/// <summary>Text of a cursor that moves it when it is formatted: a ToString that changes state.</summary>
public sealed class CursorText(StateCursor cursor)
{
    /// <inheritdoc/>
    public override string ToString()
    {
        cursor.Position += 2;
        return string.Empty;
    }
}

public sealed class StatePermutation
{
    /// <summary>The order, changed in place.</summary>
    public readonly int[] Order = { 0, 1, 2 };

    /// <summary>Weights, scaled in place by helpers given them.</summary>
    public double[] Weights = { 1, 2, 3 };
}

/// <summary>A counter a constructor elsewhere bumps.</summary>
public sealed class StateRegistry
{
    /// <summary>How many nodes were made.</summary>
    public int Count = 1;
}

/// <summary>A node whose constructor counts itself in the registry.</summary>
public sealed class StateNode
{
    /// <summary>Counts the node.</summary>
    public StateNode(StateRegistry registry) => registry.Count++;
}

/// <summary>A mutable struct whose method changes it.</summary>
public struct StateTally
{
    /// <summary>The count.</summary>
    public int K;

    /// <summary>Adds one.</summary>
    public void Bump() => K++;
}

/// <summary>State changed in ways the IR does not see directly: through the library, helpers, ref locals, constructors, aliases.</summary>
public static partial class HiddenChangeFns
{
    private static void Scale(double[] w, double f)
    {
        for (int i = 0; i < w.Length; i++)
        {
            w[i] *= f;
        }
    }

    private static void Advance(StateCursor c)
    {
        ref int p = ref c.Position;
        p++;
    }

    [Differentiable]
    public static double ReadonlyArrayReversed(double[] x, [NoDiff] StatePermutation p)
    {
        double s = x[p.Order[0]] * x[p.Order[0]];
        Array.Reverse(p.Order);
        return s + x[p.Order[0]];
    }

    [Differentiable]
    public static double FieldArrayScaledByHelper(double[] x, [NoDiff] StatePermutation p)
    {
        double s = x[0] * x[0] * p.Weights[0];
        Scale(p.Weights, 2);
        return s + x[1] * p.Weights[1];
    }

    [Differentiable]
    public static double AdvancedThroughRefLocal(double[] x, [NoDiff] StateCursor c)
    {
        double s = 0;
        for (int i = 0; i < 3; i++)
        {
            int p = c.Position;
            s += x[p] * x[p];
            Advance(c);
        }

        return s;
    }

    [Differentiable]
    public static double CountedByConstructor(double[] x, [NoDiff] StateRegistry r)
    {
        double s = x[0] * x[0] * r.Count;
        _ = new StateNode(r);
        return s + x[1] * r.Count;
    }

    [Differentiable]
    public static double StructBumped(double[] x, [NoDiff] StateTally a)
    {
        double s = x[0] * x[0] * (1 + a.K);
        a.Bump();
        return s + x[1] * a.K;
    }

    [Differentiable]
    public static double FlippedByLocalFunction(double[] x)
    {
        int[] order = { 0, 1, 2 };
        void Flip()
        {
            (order[0], order[2]) = (order[2], order[0]);
        }

        double s = x[order[0]] * x[order[0]];
        Flip();
        return s + x[order[0]];
    }

    [Differentiable]
    public static double ReversedThroughAlias(double[] x, [NoDiff] int[] order)
    {
        int[] alias = order;
        double s = x[order[0]] * x[order[0]];
        Array.Reverse(alias);
        return s + x[order[0]];
    }

    [Differentiable]
    public static double FilledThroughAView(double[] x)
    {
        int[] order = { 2, 1, 0 };
        double s = x[order[1]] * x[order[1]];
        order.AsSpan(1).Fill(0);
        return s + x[order[1]] * x[order[2]];
    }

    [Differentiable]
    public static double WrittenThroughAnAlias(double[] x, [NoDiff] StatePermutation p)
    {
        double s = x[p.Order[0]] * x[p.Order[0]];
        int[] alias = p.Order;
        alias[0] = 2;
        return s + x[p.Order[0]];
    }

    /// <summary>A helper whose <c>foreach</c> moves the cursor through the enumerator's <c>MoveNext</c>.</summary>
    [Differentiable]
    public static double AdvancedByAnEnumerator(double[] x, [NoDiff] StateCursor c)
    {
        double s = x[c.Position] * x[c.Position];
        Walk(c);
        return s + x[c.Position];
    }

    private static void Walk(StateCursor c)
    {
        foreach (int position in new CursorSteps(c, 2))
        {
        }
    }

    /// <summary>A helper that prints a value whose text moves the cursor, through an interpolated string.</summary>
    [Differentiable]
    public static double AdvancedByPrinting(double[] x, [NoDiff] StateCursor c)
    {
        double s = x[c.Position] * x[c.Position];
        Print(new CursorText(c));
        return s + x[c.Position];
    }

    private static void Print(CursorText text) => System.Console.Write($"{text}\r");

    /// <summary>A parameter, not a local, made to hold the field's array before the write.</summary>
    [Differentiable]
    public static double WrittenThroughAParameter(double[] x, [NoDiff] StatePermutation p, [NoDiff] int[] alias)
    {
        alias = p.Order;
        double s = x[p.Order[0]] * x[p.Order[0]];
        alias[0] = 2;
        return s + x[p.Order[0]];
    }

    [Differentiable]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double GainWeighted(double[] w, [NoDiff] StateCursor c)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += w[i] * w[i] * c.Gain;
        }

        return s;
    }

    /// <summary>A helper reading the cursor, whose partials are taken at the call since the loop then changes it.</summary>
    [Differentiable]
    public static double HelperReadingTheCursor(double[] w, [NoDiff] StateCursor c)
    {
        double s = 0;
        for (int k = 0; k < 3; k++)
        {
            s += GainWeighted(w, c) * w[0];
            c.Grow();
        }

        return s;
    }
}

/// <summary>Settings read beside draws from a generator they have nothing to do with.</summary>
public sealed class NoiseSettings
{
    /// <summary>The noise's scale.</summary>
    public double Sigma = 0.3;
}

/// <summary>Reads of state in one statement with a call that may change other state, or that runs after them.</summary>
public static partial class StatementOrderFns
{
    /// <summary>A gain that <see cref="Bumped"/> raises.</summary>
    public static double Gain = 1;

    private static void Raise() => Gain *= 1.5;

    private static void Reset() => Gain = 1;

    [Differentiable]
    public static double Bumped(double v)
    {
        Raise();
        return v * v;
    }

    [Differentiable]
    public static double ZeroedTail(double v, [NoDiff] StatePermutation p)
    {
        p.Weights.AsSpan(1).Fill(0);
        return v * v;
    }

    /// <summary>A cursor's gain read beside a helper that clears another object's array: that changes nothing the read sees.</summary>
    [Differentiable]
    public static double GainBesideAnotherObjectsFill(double[] x, [NoDiff] StateCursor c, [NoDiff] StatePermutation p)
    {
        double s = x[0] * c.Gain + ZeroedTail(x[1], p);
        c.Grow();
        return s * x[2] + x[0] * c.Gain;
    }

    /// <summary>The Monte Carlo form: a setting read before a draw, which changes only the generator.</summary>
    [Differentiable]
    public static double Perturbed(double[] x, [NoDiff] NoiseSettings settings, [NoDiff] System.Random rng)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += Math.Sin(x[i] + settings.Sigma * rng.NextDouble()) * x[i];
        }

        return s;
    }

    /// <summary>The gain read in the condition of the ?: whose branch calls the method that raises it: read first either way.</summary>
    [Differentiable]
    public static double RaisedInABranch(double[] x)
    {
        Reset();
        double s = (Gain > 1.2 ? x[0] : Bumped(x[1])) * x[2];
        s += (Gain > 1.2 ? x[0] : Bumped(x[1])) * x[0];
        return s + x[0] * Gain;
    }
}

/// <summary>An object whose [Differentiable] method reads its own field and calls its own method that changes it.</summary>
public sealed partial class DecayingModel
{
    private double _gain = 1;

    private void Decay() => _gain *= 0.9;

    [Differentiable]
    public double Run(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += _gain * x[i] * x[i];
            Decay();
        }

        return s;
    }
}

/// <summary>A count of instances made, changed by the constructors below in ways their own bodies do not show.</summary>
public sealed class InstanceCount
{
    /// <summary>How many instances were made.</summary>
    public int Made = 1;
}

/// <summary>Counts itself in its constructor.</summary>
public class CountedBase
{
    /// <summary>Counts one more instance in <paramref name="count"/>.</summary>
    public CountedBase(InstanceCount count) => count.Made++;

    /// <summary>Counts one more instance in <see cref="ObjectCounters.Made"/>.</summary>
    public CountedBase() => ObjectCounters.Made++;
}

/// <summary>Counted only through <c>: base(count)</c>.</summary>
public sealed class CountedThroughBase : CountedBase
{
    /// <summary>Counts through the base constructor.</summary>
    public CountedThroughBase(InstanceCount count)
        : base(count)
    {
    }
}

/// <summary>Counted only through the base class's parameterless constructor, which its own runs implicitly.</summary>
public sealed class CountedImplicitly : CountedBase
{
    /// <summary>An empty body.</summary>
    public CountedImplicitly()
    {
    }
}

/// <summary>Counted only through a field initializer; it has no constructor of its own.</summary>
public sealed class CountedByInitializer
{
    /// <summary>The count when it was made.</summary>
    public int Number = ++ObjectCounters.Made;
}

/// <summary>Reverses the array it is given, in its constructor.</summary>
public sealed class OrderReverser
{
    /// <summary>Reverses <paramref name="order"/>.</summary>
    public OrderReverser(int[] order) => System.Array.Reverse(order);
}

/// <summary>Static counters that the constructors above change.</summary>
public static class ObjectCounters
{
    /// <summary>Instances made.</summary>
    public static int Made;
}

/// <summary>A cursor whose getters and methods hand out what they change.</summary>
public sealed class LeakyCursor
{
    /// <summary>A gain that reading <see cref="NextGain"/> doubles.</summary>
    public double Gain = 1;

    /// <summary>An order that <see cref="OrderArray"/> hands out to be changed.</summary>
    public int[] Order = { 2, 0, 1 };

    /// <summary>Doubles the gain and returns it: a getter with an effect.</summary>
    public double NextGain
    {
        get
        {
            Gain *= 2;
            return Gain;
        }
    }

    /// <summary>The order itself, not a copy.</summary>
    public int[] OrderArray() => Order;

    /// <summary>Doubles the gain.</summary>
    public void Grow() => Gain *= 2;
}

/// <summary>
/// State changed where the method's own statements do not show it: in constructors' chains and initializers, getters,
/// methods given an array a method returned, closures, and helpers of helpers.
/// </summary>
public static partial class HiddenChangeFns
{
    private static void Reverse(int[] order) => System.Array.Reverse(order);

    [Differentiable]
    public static double CountThroughBase(double[] x, [NoDiff] InstanceCount count)
    {
        double s = x[0] * x[0] * count.Made;
        var made = new CountedThroughBase(count);
        return s + x[1] * count.Made;
    }

    [Differentiable]
    public static double CountImplicitly(double[] x)
    {
        double s = x[0] * x[0] * (1 + ObjectCounters.Made);
        var made = new CountedImplicitly();
        return s + x[1] * ObjectCounters.Made;
    }

    [Differentiable]
    public static double CountByInitializer(double[] x)
    {
        double s = x[0] * x[0] * (1 + ObjectCounters.Made);
        var made = new CountedByInitializer();
        return s + x[1] * ObjectCounters.Made;
    }

    [Differentiable]
    public static double ReversedInConstructor(double[] x, [NoDiff] LeakyCursor c)
    {
        double s = x[c.Order[0]] * x[c.Order[0]];
        var reverser = new OrderReverser(c.Order);
        return s + x[c.Order[0]];
    }

    [Differentiable]
    public static double GainFromGetter(double[] x, [NoDiff] LeakyCursor c)
    {
        double s = x[0] * x[0] * c.Gain;
        double g = c.NextGain;
        return s + x[1] * g * c.Gain;
    }

    [Differentiable]
    public static double GainStepsInADiscard(double[] x, [NoDiff] LeakyCursor c)
    {
        double s = x[0] * x[0] * c.Gain;
        _ = c.NextGain;
        return s + x[1] * c.Gain;
    }

    [Differentiable]
    public static double GainFromGetterInTheExpression(double[] x, [NoDiff] LeakyCursor c)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * x[i] * c.NextGain;
        }

        return s;
    }

    [Differentiable]
    public static double OrderFromMethod(double[] x, [NoDiff] LeakyCursor c)
    {
        double s = x[c.Order[0]] * x[c.Order[0]];
        Reverse(c.OrderArray());
        return s + x[c.Order[0]];
    }

    private static int[] NewOrder(int n)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        return order;
    }

    [Differentiable, MethodImpl(MethodImplOptions.NoInlining)]
    private static void SquaresTimesGain(double[] w, double[] o, [NoDiff] LeakyCursor c)
    {
        for (int i = 0; i < o.Length; i++)
        {
            o[i] = w[i] * w[i] * c.Gain;
        }
    }

    /// <summary>An array a method creates and returns is nobody else's: writing it changes no object's state.</summary>
    [Differentiable]
    public static double WritesANewOrder(double[] x, [NoDiff] LeakyCursor c)
    {
        int[] order = NewOrder(3);
        order[0] = 2;
        double[] o = new double[3];
        SquaresTimesGain(x, o, c);
        return o[order[0]] + o[1];
    }

    [Differentiable]
    public static double LambdaWritesCapturedOrder(double[] x)
    {
        int[] order = { 0, 1, 2 };
        System.Action swap = () => (order[0], order[2]) = (order[2], order[0]);
        double s = x[order[0]] * x[order[0]];
        swap();
        return s + x[order[0]];
    }

    [Differentiable]
    public static double LocalFunctionWritesGivenOrder(double[] x)
    {
        int[] order = { 0, 1, 2 };
        void Swap(int[] a)
        {
            int t = a[0];
            a[0] = a[2];
            a[2] = t;
        }

        double s = x[order[0]] * x[order[0]];
        Swap(order);
        return s + x[order[0]];
    }

    [Differentiable]
    public static double LocalFunctionWritesCapturedIndex(double[] x)
    {
        int k = 0;
        void Next() => k++;
        double s = x[k] * x[k];
        Next();
        return s + x[k];
    }

    [Differentiable, MethodImpl(MethodImplOptions.NoInlining)]
    private static double GainedProduct(double[] w, [NoDiff] LeakyCursor c) => w[0] * w[1] * c.Gain;

    [Differentiable, MethodImpl(MethodImplOptions.NoInlining)]
    private static double OuterProduct(double[] w, [NoDiff] LeakyCursor c) => GainedProduct(w, c) * w[0];

    [Differentiable]
    public static double HelperOfHelperReadsGain(double[] x, [NoDiff] LeakyCursor c)
    {
        double s = 0;
        for (int k = 0; k < 2; k++)
        {
            s += OuterProduct(x, c);
            c.Grow();
        }

        return s;
    }
}

public sealed class ObjectStateTests
{
    [Fact]
    public void The_reverse_sweep_uses_the_state_the_forward_read()
    {
        var methods = new (Func<double[], double> F, Func<double[], double[], double> Gradient, Action<double[], double[], double[]> Tangent, int N, string Name)[]
        {
            (x => ObjectStateFns.PositionInLocal(x, new StateCursor()), (x, d) => ObjectStateFns.PositionInLocalGradient(x, new StateCursor(), d),
                (x, v, j) => { ObjectStateFns.PositionInLocalTangent(x, new StateCursor(), v, out j[0]); }, 4, "PositionInLocal"),
            (x => ObjectStateFns.PositionAsIndex(x, new StateCursor()), (x, d) => ObjectStateFns.PositionAsIndexGradient(x, new StateCursor(), d),
                (x, v, j) => { ObjectStateFns.PositionAsIndexTangent(x, new StateCursor(), v, out j[0]); }, 4, "PositionAsIndex"),
            (x => ObjectStateFns.PeekBesideAField(x, new StateCursor()), (x, d) => ObjectStateFns.PeekBesideAFieldGradient(x, new StateCursor(), d),
                (x, v, j) => { ObjectStateFns.PeekBesideAFieldTangent(x, new StateCursor(), v, out j[0]); }, 4, "PeekBesideAField"),
            (x => ObjectStateFns.GainFactor(x, new StateCursor()), (x, d) => ObjectStateFns.GainFactorGradient(x, new StateCursor(), d),
                (x, v, j) => { ObjectStateFns.GainFactorTangent(x, new StateCursor(), v, out j[0]); }, 4, "GainFactor"),
            (x => ObjectStateFns.StraightLine(x, new StateCursor()), (x, d) => ObjectStateFns.StraightLineGradient(x, new StateCursor(), d),
                (x, v, j) => { ObjectStateFns.StraightLineTangent(x, new StateCursor(), v, out j[0]); }, 2, "StraightLine"),
            (ObjectStateFns.StaticField, ObjectStateFns.StaticFieldGradient, (x, v, j) => { ObjectStateFns.StaticFieldTangent(x, v, out j[0]); }, 4, "StaticField"),
            (x => ObjectStateFns.ReversedList(x, new List<int> { 0, 1, 2 }), (x, d) => ObjectStateFns.ReversedListGradient(x, new List<int> { 0, 1, 2 }, d),
                (x, v, j) => { ObjectStateFns.ReversedListTangent(x, new List<int> { 0, 1, 2 }, v, out j[0]); }, 3, "ReversedList"),
            (x => ObjectStateFns.ReversedArray(x, new[] { 0, 1, 3 }), (x, d) => ObjectStateFns.ReversedArrayGradient(x, new[] { 0, 1, 3 }, d),
                (x, v, j) => { ObjectStateFns.ReversedArrayTangent(x, new[] { 0, 1, 3 }, v, out j[0]); }, 4, "ReversedArray"),
            (x => ObjectStateFns.ThroughHelpers(x, new StateCursor()), (x, d) => ObjectStateFns.ThroughHelpersGradient(x, new StateCursor(), d),
                (x, v, j) => { ObjectStateFns.ThroughHelpersTangent(x, new StateCursor(), v, out j[0]); }, 4, "ThroughHelpers"),
            (x => ObjectStateFns.GainAsArgument(x, new StateCursor()), (x, d) => ObjectStateFns.GainAsArgumentGradient(x, new StateCursor(), d),
                (x, v, j) => { ObjectStateFns.GainAsArgumentTangent(x, new StateCursor(), v, out j[0]); }, 4, "GainAsArgument"),
            (x => new DecayingModel().Run(x), (x, d) => new DecayingModel().RunGradient(x, d), (x, v, j) => { new DecayingModel().RunTangent(x, v, out j[0]); }, 4, "DecayingModel.Run"),
        };
        foreach (var method in methods)
        {
            BufferCopyTests.CheckScalar(method.F, method.Gradient, method.Tangent, method.N, method.Name);
        }
    }

    [Fact]
    public void Numbers_computed_in_the_loop_are_recorded_for_the_helpers_pullback()
    {
        double[] rates = { 0.5, -1.0, 1.5 };
        BufferCopyTests.CheckScalar(x => RecordedNumberFns.PerTripRate(x, rates), (x, d) => RecordedNumberFns.PerTripRateGradient(x, rates, d),
            (x, v, j) => { RecordedNumberFns.PerTripRateTangent(x, rates, v, out j[0]); }, 3, "PerTripRate");
        BufferCopyTests.CheckScalar(x => RecordedNumberFns.GainInLocal(x, new StateCursor()), (x, d) => RecordedNumberFns.GainInLocalGradient(x, new StateCursor(), d),
            (x, v, j) => { RecordedNumberFns.GainInLocalTangent(x, new StateCursor(), v, out j[0]); }, 3, "GainInLocal");

        double[] point = { 0.3, -0.8, 1.1 };
        double[] direction = { 1.0, -0.5, 0.25 };
        var product = new double[3];
        RecordedNumberFns.PerTripRateHessianVector(point, rates, direction, new double[3], product);
        Grad.CheckHessianVector(p =>
        {
            var gradient = new double[3];
            RecordedNumberFns.PerTripRateGradient(p, rates, gradient);
            return gradient;
        }, point, direction, product, "PerTripRate");

        float[] w = { 0.5f, -1.5f };
        float[] singleRates = { 1f, 2f };
        var dW = new float[2];
        RecordedNumberFns.SinglePerTripGradient(w, singleRates, dW);
        // s = Σ_k (r_k + 0.5)² w0 w1: ∂s/∂w0 = w1 Σ (r_k + 0.5)², ∂s/∂w1 = w0 Σ (r_k + 0.5)².
        Assert.Equal(-1.5f * (2.25f + 6.25f), dW[0], 5);
        Assert.Equal(0.5f * (2.25f + 6.25f), dW[1], 5);
    }

    [Fact]
    public void State_changed_out_of_the_IRs_sight_is_recorded_too()
    {
        var methods = new (Func<double[], double> F, Func<double[], double[], double> Gradient, Action<double[], double[], double[]> Tangent, string Name)[]
        {
            (x => HiddenChangeFns.ReadonlyArrayReversed(x, new StatePermutation()), (x, d) => HiddenChangeFns.ReadonlyArrayReversedGradient(x, new StatePermutation(), d),
                (x, v, j) => { HiddenChangeFns.ReadonlyArrayReversedTangent(x, new StatePermutation(), v, out j[0]); }, "ReadonlyArrayReversed"),
            (x => HiddenChangeFns.FieldArrayScaledByHelper(x, new StatePermutation()), (x, d) => HiddenChangeFns.FieldArrayScaledByHelperGradient(x, new StatePermutation(), d),
                (x, v, j) => { HiddenChangeFns.FieldArrayScaledByHelperTangent(x, new StatePermutation(), v, out j[0]); }, "FieldArrayScaledByHelper"),
            (x => HiddenChangeFns.AdvancedThroughRefLocal(x, new StateCursor()), (x, d) => HiddenChangeFns.AdvancedThroughRefLocalGradient(x, new StateCursor(), d),
                (x, v, j) => { HiddenChangeFns.AdvancedThroughRefLocalTangent(x, new StateCursor(), v, out j[0]); }, "AdvancedThroughRefLocal"),
            (x => HiddenChangeFns.CountedByConstructor(x, new StateRegistry()), (x, d) => HiddenChangeFns.CountedByConstructorGradient(x, new StateRegistry(), d),
                (x, v, j) => { HiddenChangeFns.CountedByConstructorTangent(x, new StateRegistry(), v, out j[0]); }, "CountedByConstructor"),
            (x => HiddenChangeFns.StructBumped(x, default), (x, d) => HiddenChangeFns.StructBumpedGradient(x, default, d),
                (x, v, j) => { HiddenChangeFns.StructBumpedTangent(x, default, v, out j[0]); }, "StructBumped"),
            (HiddenChangeFns.FlippedByLocalFunction, HiddenChangeFns.FlippedByLocalFunctionGradient, (x, v, j) => { HiddenChangeFns.FlippedByLocalFunctionTangent(x, v, out j[0]); }, "FlippedByLocalFunction"),
            (x => HiddenChangeFns.ReversedThroughAlias(x, new[] { 0, 1, 2 }), (x, d) => HiddenChangeFns.ReversedThroughAliasGradient(x, new[] { 0, 1, 2 }, d),
                (x, v, j) => { HiddenChangeFns.ReversedThroughAliasTangent(x, new[] { 0, 1, 2 }, v, out j[0]); }, "ReversedThroughAlias"),
            (HiddenChangeFns.FilledThroughAView, HiddenChangeFns.FilledThroughAViewGradient, (x, v, j) => { HiddenChangeFns.FilledThroughAViewTangent(x, v, out j[0]); }, "FilledThroughAView"),
            (x => HiddenChangeFns.WrittenThroughAnAlias(x, new StatePermutation()), (x, d) => HiddenChangeFns.WrittenThroughAnAliasGradient(x, new StatePermutation(), d),
                (x, v, j) => { HiddenChangeFns.WrittenThroughAnAliasTangent(x, new StatePermutation(), v, out j[0]); }, "WrittenThroughAnAlias"),
            (x => HiddenChangeFns.AdvancedByAnEnumerator(x, new StateCursor()), (x, d) => HiddenChangeFns.AdvancedByAnEnumeratorGradient(x, new StateCursor(), d),
                (x, v, j) => { HiddenChangeFns.AdvancedByAnEnumeratorTangent(x, new StateCursor(), v, out j[0]); }, "AdvancedByAnEnumerator"),
            (x => HiddenChangeFns.WrittenThroughAParameter(x, new StatePermutation(), new int[3]), (x, d) => HiddenChangeFns.WrittenThroughAParameterGradient(x, new StatePermutation(), new int[3], d),
                (x, v, j) => { HiddenChangeFns.WrittenThroughAParameterTangent(x, new StatePermutation(), new int[3], v, out j[0]); }, "WrittenThroughAParameter"),
            (x => HiddenChangeFns.AdvancedByPrinting(x, new StateCursor()), (x, d) => HiddenChangeFns.AdvancedByPrintingGradient(x, new StateCursor(), d),
                (x, v, j) => { HiddenChangeFns.AdvancedByPrintingTangent(x, new StateCursor(), v, out j[0]); }, "AdvancedByPrinting"),
            (x => HiddenChangeFns.HelperReadingTheCursor(x, new StateCursor()), (x, d) => HiddenChangeFns.HelperReadingTheCursorGradient(x, new StateCursor(), d),
                (x, v, j) => { HiddenChangeFns.HelperReadingTheCursorTangent(x, new StateCursor(), v, out j[0]); }, "HelperReadingTheCursor"),
        };
        foreach (var method in methods)
        {
            BufferCopyTests.CheckScalar(method.F, method.Gradient, method.Tangent, 3, method.Name);
        }

        double[] point = { 0.6, 0.9, 0.7 };
        double[] direction = { 1.0, 0.5, -0.25 };
        var product = new double[3];
        HiddenChangeFns.HelperReadingTheCursorHessianVector(point, new StateCursor(), direction, new double[3], product);
        Grad.CheckHessianVector(p =>
        {
            var gradient = new double[3];
            HiddenChangeFns.HelperReadingTheCursorGradient(p, new StateCursor(), gradient);
            return gradient;
        }, point, direction, product, "HelperReadingTheCursor");
    }

    [Fact]
    public void A_setter_given_a_constant_only_runs_in_every_companion()
    {
        double[] x = { 1.0, 2.0, 3.0 };
        var gradient = new double[3];
        ObjectStateFns.ScaleSetEachTripGradient(x, gradient);
        Assert.Equal(new[] { 2.0, 8.0, 18.0 }, gradient);
        ObjectStateFns.ScaleSetEachTripTangent(x, new[] { 1.0, 1.0, 1.0 }, out double tangent);
        Assert.Equal(28.0, tangent);
        var product = new double[3];
        ObjectStateFns.ScaleSetEachTripHessianVector(x, new[] { 1.0, 1.0, 1.0 }, new double[3], product);
        Assert.Equal(new[] { 2.0, 4.0, 6.0 }, product);
    }

    [Fact]
    public void Reads_a_call_cannot_change_and_conditions_before_their_branch_are_fine()
    {
        BufferCopyTests.CheckScalar(x => StatementOrderFns.Perturbed(x, new NoiseSettings(), new System.Random(7)),
            (x, d) => StatementOrderFns.PerturbedGradient(x, new NoiseSettings(), new System.Random(7), d),
            (x, v, j) => { StatementOrderFns.PerturbedTangent(x, new NoiseSettings(), new System.Random(7), v, out j[0]); }, 4, "Perturbed");
        BufferCopyTests.CheckScalar(x => StatementOrderFns.GainBesideAnotherObjectsFill(x, new StateCursor(), new StatePermutation()),
            (x, d) => StatementOrderFns.GainBesideAnotherObjectsFillGradient(x, new StateCursor(), new StatePermutation(), d),
            (x, v, j) => { StatementOrderFns.GainBesideAnotherObjectsFillTangent(x, new StateCursor(), new StatePermutation(), v, out j[0]); }, 3, "GainBesideAnotherObjectsFill");
        BufferCopyTests.CheckScalar(StatementOrderFns.RaisedInABranch, StatementOrderFns.RaisedInABranchGradient,
            (x, v, j) => { StatementOrderFns.RaisedInABranchTangent(x, v, out j[0]); }, 3, "RaisedInABranch");
    }

    [Fact]
    public void The_read_positions_hold_their_exact_derivatives()
    {
        // s = x0² x0 + x1² x1 + x2² x2 when each trip reads the position it reached: 3 xᵢ², not the last position's.
        double[] x = { 0.5, -1.5, 2.0, 4.0 };
        var dX = new double[4];
        var cursor = new StateCursor();
        ObjectStateFns.PositionInLocalGradient(x, cursor, dX);
        Assert.Equal(new[] { 3 * 0.25, 3 * 2.25, 3 * 4.0, 0 }, dX);
        Assert.Equal(3, cursor.Position);
    }

    [Fact]
    public void The_objects_change_as_often_as_in_the_method()
    {
        double[] x = { 0.3, -0.7, 1.1, 0.2 };
        var plain = new StateCursor();
        ObjectStateFns.StraightLine(x, plain);
        var differentiated = new StateCursor();
        ObjectStateFns.StraightLineGradient(x, differentiated, new double[4]);
        Assert.Equal(plain.Gain, differentiated.Gain);
        Assert.Equal(plain.Weights, differentiated.Weights);

        var order = new[] { 0, 1, 3 };
        ObjectStateFns.ReversedArrayGradient(x, order, new double[4]);
        Assert.Equal(new[] { 3, 1, 0 }, order);
    }

    [Fact]
    public void Changes_out_of_the_methods_sight_are_followed()
    {
        var methods = new (Func<double[], double> F, Func<double[], double[], double> Gradient, Action<double[], double[], double[]> Tangent, int N, string Name)[]
        {
            (x => HiddenChangeFns.CountThroughBase(x, new InstanceCount()), (x, d) => HiddenChangeFns.CountThroughBaseGradient(x, new InstanceCount(), d),
                (x, v, j) => { HiddenChangeFns.CountThroughBaseTangent(x, new InstanceCount(), v, out j[0]); }, 2, "CountThroughBase"),
            (x => { ObjectCounters.Made = 0; return HiddenChangeFns.CountImplicitly(x); }, (x, d) => { ObjectCounters.Made = 0; return HiddenChangeFns.CountImplicitlyGradient(x, d); },
                (x, v, j) => { ObjectCounters.Made = 0; HiddenChangeFns.CountImplicitlyTangent(x, v, out j[0]); }, 2, "CountImplicitly"),
            (x => { ObjectCounters.Made = 0; return HiddenChangeFns.CountByInitializer(x); }, (x, d) => { ObjectCounters.Made = 0; return HiddenChangeFns.CountByInitializerGradient(x, d); },
                (x, v, j) => { ObjectCounters.Made = 0; HiddenChangeFns.CountByInitializerTangent(x, v, out j[0]); }, 2, "CountByInitializer"),
            (x => HiddenChangeFns.ReversedInConstructor(x, new LeakyCursor()), (x, d) => HiddenChangeFns.ReversedInConstructorGradient(x, new LeakyCursor(), d),
                (x, v, j) => { HiddenChangeFns.ReversedInConstructorTangent(x, new LeakyCursor(), v, out j[0]); }, 3, "ReversedInConstructor"),
            (x => HiddenChangeFns.GainFromGetter(x, new LeakyCursor()), (x, d) => HiddenChangeFns.GainFromGetterGradient(x, new LeakyCursor(), d),
                (x, v, j) => { HiddenChangeFns.GainFromGetterTangent(x, new LeakyCursor(), v, out j[0]); }, 2, "GainFromGetter"),
            (x => HiddenChangeFns.GainStepsInADiscard(x, new LeakyCursor()), (x, d) => HiddenChangeFns.GainStepsInADiscardGradient(x, new LeakyCursor(), d),
                (x, v, j) => { HiddenChangeFns.GainStepsInADiscardTangent(x, new LeakyCursor(), v, out j[0]); }, 2, "GainStepsInADiscard"),
            (x => HiddenChangeFns.GainFromGetterInTheExpression(x, new LeakyCursor()), (x, d) => HiddenChangeFns.GainFromGetterInTheExpressionGradient(x, new LeakyCursor(), d),
                (x, v, j) => { HiddenChangeFns.GainFromGetterInTheExpressionTangent(x, new LeakyCursor(), v, out j[0]); }, 3, "GainFromGetterInTheExpression"),
            (x => HiddenChangeFns.OrderFromMethod(x, new LeakyCursor()), (x, d) => HiddenChangeFns.OrderFromMethodGradient(x, new LeakyCursor(), d),
                (x, v, j) => { HiddenChangeFns.OrderFromMethodTangent(x, new LeakyCursor(), v, out j[0]); }, 3, "OrderFromMethod"),
            (x => HiddenChangeFns.WritesANewOrder(x, new LeakyCursor()), (x, d) => HiddenChangeFns.WritesANewOrderGradient(x, new LeakyCursor(), d),
                (x, v, j) => { HiddenChangeFns.WritesANewOrderTangent(x, new LeakyCursor(), v, out j[0]); }, 3, "WritesANewOrder"),
            (HiddenChangeFns.LambdaWritesCapturedOrder, HiddenChangeFns.LambdaWritesCapturedOrderGradient,
                (x, v, j) => { HiddenChangeFns.LambdaWritesCapturedOrderTangent(x, v, out j[0]); }, 3, "LambdaWritesCapturedOrder"),
            (HiddenChangeFns.LocalFunctionWritesGivenOrder, HiddenChangeFns.LocalFunctionWritesGivenOrderGradient,
                (x, v, j) => { HiddenChangeFns.LocalFunctionWritesGivenOrderTangent(x, v, out j[0]); }, 3, "LocalFunctionWritesGivenOrder"),
            (HiddenChangeFns.LocalFunctionWritesCapturedIndex, HiddenChangeFns.LocalFunctionWritesCapturedIndexGradient,
                (x, v, j) => { HiddenChangeFns.LocalFunctionWritesCapturedIndexTangent(x, v, out j[0]); }, 2, "LocalFunctionWritesCapturedIndex"),
            (x => HiddenChangeFns.HelperOfHelperReadsGain(x, new LeakyCursor()), (x, d) => HiddenChangeFns.HelperOfHelperReadsGainGradient(x, new LeakyCursor(), d),
                (x, v, j) => { HiddenChangeFns.HelperOfHelperReadsGainTangent(x, new LeakyCursor(), v, out j[0]); }, 2, "HelperOfHelperReadsGain"),
        };
        foreach (var method in methods)
        {
            BufferCopyTests.CheckScalar(method.F, method.Gradient, method.Tangent, method.N, method.Name);
        }
    }

    [Fact]
    public void A_hessian_vector_product_reads_the_recorded_state()
    {
        double[] x = { 0.3, -0.7, 1.1, 0.2 };
        double[] v = { 1, 0.5, -0.25, 2 };
        var product = new double[4];
        ObjectStateFns.GainFactorHessianVector(x, new StateCursor(), v, new double[4], product);
        // The Hessian of Σ gainᵢ xᵢ² + rateᵢ xᵢ is diagonal with 2 gainᵢ, gainᵢ = 2ⁱ.
        Assert.Equal(new[] { 2 * 1 * v[0], 2 * 2 * v[1], 2 * 4 * v[2], 2 * 8 * v[3] }, product);

        product = new double[4];
        ObjectStateFns.ThroughHelpersHessianVector(x, new StateCursor(), v, new double[4], product);
        Grad.CheckHessianVector(p =>
        {
            var gradient = new double[4];
            ObjectStateFns.ThroughHelpersGradient(p, new StateCursor(), gradient);
            return gradient;
        }, x, v, product, "ThroughHelpers");
    }
}
