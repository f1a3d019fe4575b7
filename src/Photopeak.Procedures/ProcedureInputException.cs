namespace Photopeak.Procedures;

/// <summary>A study cannot be analysed by a procedure: a view, image or attribute is missing or inconsistent.
/// The message names the series, view or DICOM attribute at fault.</summary>
public class ProcedureInputException(string message, Exception? inner = null) : Exception(message, inner);
