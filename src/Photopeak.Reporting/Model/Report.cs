using System.Text.Json.Serialization;
using Photopeak.Coding.Documentation;
using Photopeak.Coding.Rules;
using Photopeak.Reporting.Figures;

namespace Photopeak.Reporting.Model;

/// <summary>
/// A nuclear-medicine report: immutable, Draft until <see cref="Sign"/>, then frozen: <see cref="Edit"/> refuses, renderers verify the
/// content hash, and changes go through <see cref="Amend"/>, which starts a new draft version linked to the signed one.
/// </summary>
public sealed record Report(ReportHeader Header, string Title, string Indication, ReportTechnique Technique)
{
    /// <summary>1 for the first version; each amendment adds 1.</summary>
    public int Version { get; init; } = 1;

    public IReadOnlyList<string> Findings { get; init; } = [];
    public IReadOnlyList<Measurement> Measurements { get; init; } = [];
    public IReadOnlyList<ReportFigure> Figures { get; init; } = [];
    public string Impression { get; init; } = "";

    /// <summary>The codes selected for this study (from Photopeak.Coding), or null before coding.</summary>
    public CodingResult? Coding { get; init; }

    public IReadOnlyList<QcNote> QcNotes { get; init; } = [];

    /// <summary>Elements documented in free text that the structure cannot show (e.g. thyroid blockade stated in the technique text).</summary>
    public IReadOnlySet<ReportElement> AdditionalElements { get; init; } = new HashSet<ReportElement>();

    public ReportSignature? Signature { get; init; }
    public ReportAmendment? Amends { get; init; }

    [JsonIgnore]
    public ReportStatus Status => Signature is null ? ReportStatus.Draft : ReportStatus.Signed;

    /// <summary>Every report element this report contains, derived from its structure plus <see cref="AdditionalElements"/>.</summary>
    [JsonIgnore]
    public IReadOnlySet<ReportElement> DocumentedElements => ReportContent.ElementsOf(this);

    /// <summary>The documentation check of the current content against the selected codes (complete when there are no codes).</summary>
    [JsonIgnore]
    public DocumentationCheckResult DocumentationCheck =>
        Photopeak.Coding.Documentation.DocumentationCheck.Check(Coding?.Codes ?? [], DocumentedElements);

    /// <summary>Applies a change to a draft; throws <see cref="ReportSignedException"/> on a signed report.</summary>
    public Report Edit(Func<Report, Report> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (Signature is not null)
            throw new ReportSignedException($"report version {Version} for patient {Header.PatientId} is signed and cannot be edited; use Amend");
        var changed = change(this);
        if (changed.Signature is not null || changed.Version != Version || changed.Amends != Amends)
            throw new ReportSignedException("an edit may not change the signature, version or amendment link");
        return changed;
    }

    /// <summary>Signs a draft: records signer, time and the SHA-256 of the content.</summary>
    public Report Sign(string signer, DateTimeOffset signedAt)
    {
        if (string.IsNullOrWhiteSpace(signer)) throw new ArgumentException("the signer must be named", nameof(signer));
        if (Signature is not null)
            throw new ReportSignedException($"report version {Version} for patient {Header.PatientId} is already signed by {Signature.Signer}");
        return this with { Signature = new ReportSignature(signer, signedAt, ReportFingerprint.Sha256(this)) };
    }

    /// <summary>Starts a new draft version from a signed report, keeping the content and recording why and what it replaces.</summary>
    public Report Amend(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("an amendment needs a reason", nameof(reason));
        VerifyIntegrity();
        if (Signature is null) throw new ReportSignedException($"report version {Version} is a draft: edit it instead of amending");
        return this with { Version = Version + 1, Signature = null, Amends = new ReportAmendment(Version, Signature.ContentSha256, reason) };
    }

    /// <summary>True if the report is a draft, or signed and unchanged since signing.</summary>
    public bool IsIntact => Signature is null || Signature.ContentSha256 == ReportFingerprint.Sha256(this);

    /// <summary>Throws <see cref="ReportSignedException"/> if a signed report's content differs from what was signed.</summary>
    public void VerifyIntegrity()
    {
        if (!IsIntact)
            throw new ReportSignedException($"report version {Version} for patient {Header.PatientId} was changed after it was signed by {Signature!.Signer}");
    }
}
