namespace Photopeak.Reconstruction.Fbp;

/// <summary>Apodising window multiplied with the ramp |ν| in FBP.</summary>
public enum FbpWindow
{
    /// <summary>Pure ramp up to Nyquist.</summary>
    Ramp,
    /// <summary>W = 1/sqrt(1 + (ν/νc)^(2n)) (amplitude form, as in CLINICAL 1.5; some vendors use 1/(1 + (ν/νc)^(2n)) or define the order as 2n).</summary>
    Butterworth,
    /// <summary>W = 0.5·(1 + cos(πν/νc)) for ν ≤ νc, else 0.</summary>
    Hann,
    /// <summary>W = sinc(ν/(2νc)) = sin(πν/(2νc)) / (πν/(2νc)) (Shepp &amp; Logan 1974, with νc = Nyquist by default).</summary>
    SheppLogan,
}
