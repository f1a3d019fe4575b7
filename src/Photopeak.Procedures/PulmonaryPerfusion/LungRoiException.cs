namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>Lung ROIs cannot be used: an ROI file is malformed, does not fit the image, or no lung outline was found.</summary>
public sealed class LungRoiException(string message, Exception? inner = null) : ProcedureInputException(message, inner);
