namespace Ras.Calibration;

/// <summary>
/// One tenth of the held-out rows by predicted probability: how many, the mean prediction, the share that had
/// the outcome and that share's 95% Wilson interval. A well-calibrated model has observed ≈ predicted. Immutable.
/// </summary>
public sealed class CalibrationDecile
{
    internal CalibrationDecile(int group, int rows, double meanPredicted, double observed, double observedLow, double observedHigh)
    {
        Group = group;
        Rows = rows;
        MeanPredicted = meanPredicted;
        Observed = observed;
        ObservedLow = observedLow;
        ObservedHigh = observedHigh;
    }

    /// <summary>1 (lowest predictions) to 10.</summary>
    public int Group { get; }

    /// <summary>Rows in the group.</summary>
    public int Rows { get; }

    /// <summary>The mean held-out probability.</summary>
    public double MeanPredicted { get; }

    /// <summary>The share of rows with the outcome.</summary>
    public double Observed { get; }

    /// <summary>Lower end of the observed share's 95% Wilson interval.</summary>
    public double ObservedLow { get; }

    /// <summary>Upper end of the observed share's 95% Wilson interval.</summary>
    public double ObservedHigh { get; }
}
