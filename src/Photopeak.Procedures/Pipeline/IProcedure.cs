using Photopeak.Imaging.Studies;

namespace Photopeak.Procedures.Pipeline;

/// <summary>
/// One clinical procedure as the command line, the DICOM node and the workers see it: a name, a test of whether a study fits,
/// and an analysis that returns the shared result, the draft report and the instances the report was made from.
/// A new procedure is one folder and one line in <see cref="ProcedureRegistry.Default"/>.
/// </summary>
public interface IProcedure
{
    /// <summary>Short name given to <c>process --procedure</c> (e.g. "mibg", "lung-perfusion").</summary>
    string Name { get; }

    /// <summary>The identifier written as result.json's "procedure" (e.g. "cardiac-sympathetic-mibg"); also accepted by --procedure.</summary>
    string ResultName { get; }

    /// <summary>What the procedure is, in words (e.g. "I-123 mIBG cardiac sympathetic imaging").</summary>
    string Title { get; }

    /// <summary>Does the study's header show this procedure? When it does not, the reason says what is missing or different.</summary>
    ProcedureFit Fits(Study study);

    /// <summary>Analyses the study. Throws <see cref="ProcedureInputException"/> (or a subtype),
    /// <see cref="Imaging.StudyValidationException"/> or <see cref="Dicom.DicomFormatException"/> naming what cannot be analysed.</summary>
    ProcedureOutcome Analyse(Study study, ProcedureRequest request);
}
