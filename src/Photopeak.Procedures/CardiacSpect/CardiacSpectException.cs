namespace Photopeak.Procedures.CardiacSpect;

/// <summary>The LV could not be found or sampled in a SPECT volume; the message says why and which series.</summary>
public sealed class CardiacSpectException(string message) : ProcedureInputException(message);
