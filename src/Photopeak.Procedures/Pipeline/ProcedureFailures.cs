namespace Photopeak.Procedures.Pipeline;

/// <summary>The input holds no readable DICOM study (command line: exit 3, unreadable input).</summary>
public sealed class NoReadableStudyException(string message) : ProcedureInputException(message);

/// <summary>No registered procedure fits the study; the message gives each procedure's reason (exit 1).</summary>
public sealed class ProcedureNotRecognisedException(string message) : ProcedureInputException(message);

/// <summary>An option given for a procedure is invalid, e.g. an unknown <c>--procedure</c> name (exit 2, usage).</summary>
public sealed class ProcedureOptionException(string message) : Exception(message);

/// <summary>The analysis succeeded but its outputs could not be rendered or written; nothing was left half-written (exit 1).</summary>
public sealed class ProcedureOutputException(string message, Exception? inner = null) : Exception(message, inner);
