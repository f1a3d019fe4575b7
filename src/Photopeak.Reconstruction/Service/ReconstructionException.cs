namespace Photopeak.Reconstruction.Service;

/// <summary>A reconstruction that could not be done; the subclass says whose fault, so callers map it to an outcome
/// (the CLI to an exit code) by type, never by message text.</summary>
public abstract class ReconstructionException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The input cannot be read as a reconstructable study (missing file, no TOMO series, a required attribute absent).</summary>
public sealed class ReconstructionInputException(string message, Exception? inner = null) : ReconstructionException(message, inner);

/// <summary>An option, or a combination of options with this study, is invalid (e.g. more subsets than views).</summary>
public sealed class ReconstructionOptionException(string message, Exception? inner = null) : ReconstructionException(message, inner);

/// <summary>The input and options were valid but the processing itself failed.</summary>
public sealed class ReconstructionFailedException(string message, Exception? inner = null) : ReconstructionException(message, inner);
