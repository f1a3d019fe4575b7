using Photopeak.Dicom;
using Photopeak.Imaging.Studies;

namespace Photopeak.Imaging.Acquisitions;

/// <summary>
/// The view of a detector, from View Code Sequence (0054,0220) and its View Modifier Code Sequence (0054,0222).
/// <see cref="FromText"/> is true when the kind was recognised from the code meaning rather than a standard code value.
/// </summary>
public sealed record PlanarView(ViewKind Kind, ViewAngulation Angulation, CodedEntry? Code, CodedEntry? Modifier, bool FromText)
{
    /// <summary>Where the view came from: a standard code, a code's words, the detector's geometry, or the user.</summary>
    public ViewSource Source { get; init; } = FromText ? ViewSource.CodeMeaning : ViewSource.Code;

    /// <summary>A view that no View Code Sequence gave: inferred from geometry or stated by the user.</summary>
    public static PlanarView Inferred(ViewKind kind, ViewSource source) => new(kind, ViewAngulation.None, null, null, false) { Source = source };

    /// <summary>How the view was found, for reports ("from View Code Sequence", "inferred from Image Orientation"...).</summary>
    public string Provenance => Source switch
    {
        ViewSource.Code => "from View Code Sequence (0054,0220)",
        ViewSource.CodeMeaning => "from the words of a non-standard View Code Sequence (0054,0220)",
        ViewSource.ImageOrientation => "inferred from the detector's Image Orientation (Patient) (0020,0037)",
        ViewSource.StartAngle => "inferred from the detector's Start Angle (0054,0200)",
        _ => "stated with --views",
    };

    // PS3.16 CID 26: SNOMED CT ids and their legacy SNOMED-RT (SRT) values, both still found in files.
    private static readonly Dictionary<string, ViewKind> ByCode = new(StringComparer.OrdinalIgnoreCase)
    {
        ["399321004"] = ViewKind.Anterior, ["G-5215"] = ViewKind.Anterior,
        // CID 26 "antero-posterior" / "postero-anterior" (SRT R-10206 / R-10214), written by NM systems for the anterior and
        // posterior detector views [?: vendor convention; the radiographic reading would be the reverse].
        ["R-10206"] = ViewKind.Anterior, ["R-10214"] = ViewKind.Posterior,
        ["399001007"] = ViewKind.Posterior, ["G-5216"] = ViewKind.Posterior,
        ["399118008"] = ViewKind.LeftLateral, ["G-5223"] = ViewKind.LeftLateral, ["399173006"] = ViewKind.LeftLateral, ["R-10236"] = ViewKind.LeftLateral,
        ["399297009"] = ViewKind.RightLateral, ["G-5222"] = ViewKind.RightLateral, ["399198007"] = ViewKind.RightLateral, ["R-10232"] = ViewKind.RightLateral,
        ["49370004"] = ViewKind.Lateral, ["G-A104"] = ViewKind.Lateral, ["399067008"] = ViewKind.Lateral, ["R-102CD"] = ViewKind.Lateral,
        ["399074003"] = ViewKind.LeftAnteriorOblique, ["G-5207"] = ViewKind.LeftAnteriorOblique, ["399135007"] = ViewKind.LeftAnteriorOblique, ["R-10220"] = ViewKind.LeftAnteriorOblique,
        ["399108003"] = ViewKind.RightAnteriorOblique, ["G-5206"] = ViewKind.RightAnteriorOblique, ["399356000"] = ViewKind.RightAnteriorOblique, ["R-40985"] = ViewKind.RightAnteriorOblique,
        // R-10218: the RAO code of earlier editions of CID 26 (withdrawn as a wrong SNOMED mapping); older files still carry it.
        ["R-10218"] = ViewKind.RightAnteriorOblique,
        ["399136008"] = ViewKind.LeftPosteriorOblique, ["G-5209"] = ViewKind.LeftPosteriorOblique, ["399006002"] = ViewKind.LeftPosteriorOblique, ["R-10212"] = ViewKind.LeftPosteriorOblique,
        ["399075002"] = ViewKind.RightPosteriorOblique, ["G-5208"] = ViewKind.RightPosteriorOblique, ["399038007"] = ViewKind.RightPosteriorOblique, ["R-10210"] = ViewKind.RightPosteriorOblique,
        ["62824007"] = ViewKind.Transverse, ["G-A117"] = ViewKind.Transverse, ["399220000"] = ViewKind.Transverse, ["R-10515"] = ViewKind.Transverse,
        ["30730003"] = ViewKind.Sagittal, ["G-A145"] = ViewKind.Sagittal,
        ["81654009"] = ViewKind.Coronal, ["G-A138"] = ViewKind.Coronal,
        ["103340004"] = ViewKind.ShortAxis, ["G-A186"] = ViewKind.ShortAxis,
        ["131185001"] = ViewKind.VerticalLongAxis, ["G-A18A"] = ViewKind.VerticalLongAxis,
        ["131186000"] = ViewKind.HorizontalLongAxis, ["G-A18B"] = ViewKind.HorizontalLongAxis,
    };

    // PS3.16 CID 23 (Cranio-caudad Angulation).
    private static readonly Dictionary<string, ViewAngulation> AngulationByCode = new(StringComparer.OrdinalIgnoreCase)
    {
        ["66787007"] = ViewAngulation.Cephalic, ["G-A107"] = ViewAngulation.Cephalic,
        ["3583002"] = ViewAngulation.Caudal, ["G-A108"] = ViewAngulation.Caudal,
    };

    // Vendor codes (e.g. Siemens "FACE ANT" in scheme 99NMG) and series descriptions only carry words, in the language of the
    // site: English, French, German, Spanish, Italian, Portuguese and Dutch, matched after DescriptionText.Fold (accents
    // removed). Longest phrases first; obliques in the Romance languages are abbreviated by side: OAG/OAI/OAS/OAE (left
    // anterior oblique: gauche, izquierda, sinistra, esquerda), OAD (right: droite, derecha, destra, direita), OPx likewise.
    private static readonly (string Words, ViewKind Kind)[] ByWords =
    [
        // "antero-posterior" (R-10206) is the anterior view and "postero-anterior" (R-10214) the posterior one: match them before the single words.
        ("ANTERO POSTERIOR", ViewKind.Anterior), ("POSTERO ANTERIOR", ViewKind.Posterior),
        ("LEFT ANTERIOR OBLIQUE", ViewKind.LeftAnteriorOblique), ("RIGHT ANTERIOR OBLIQUE", ViewKind.RightAnteriorOblique),
        ("LEFT POSTERIOR OBLIQUE", ViewKind.LeftPosteriorOblique), ("RIGHT POSTERIOR OBLIQUE", ViewKind.RightPosteriorOblique),
        ("OBLIQUE ANTERIEURE GAUCHE", ViewKind.LeftAnteriorOblique), ("OBLIQUE ANTERIEURE DROITE", ViewKind.RightAnteriorOblique),
        ("OBLIQUE POSTERIEURE GAUCHE", ViewKind.LeftPosteriorOblique), ("OBLIQUE POSTERIEURE DROITE", ViewKind.RightPosteriorOblique),
        ("LEFT LATERAL", ViewKind.LeftLateral), ("RIGHT LATERAL", ViewKind.RightLateral),
        ("PROFIL GAUCHE", ViewKind.LeftLateral), ("PROFIL DROIT", ViewKind.RightLateral), ("LATERAL GAUCHE", ViewKind.LeftLateral), ("LATERAL DROIT", ViewKind.RightLateral),
        ("LATERAL IZQUIERDO", ViewKind.LeftLateral), ("LATERAL DERECHO", ViewKind.RightLateral),
        ("LATERALE SINISTRO", ViewKind.LeftLateral), ("LATERALE SINISTRA", ViewKind.LeftLateral), ("LATERALE DESTRO", ViewKind.RightLateral), ("LATERALE DESTRA", ViewKind.RightLateral),
        ("LATERAL ESQUERDO", ViewKind.LeftLateral), ("LATERAL DIREITO", ViewKind.RightLateral),
        ("SEITLICH LINKS", ViewKind.LeftLateral), ("LINKS SEITLICH", ViewKind.LeftLateral), ("SEITLICH RECHTS", ViewKind.RightLateral), ("RECHTS SEITLICH", ViewKind.RightLateral),
        ("LAO", ViewKind.LeftAnteriorOblique), ("RAO", ViewKind.RightAnteriorOblique), ("LPO", ViewKind.LeftPosteriorOblique), ("RPO", ViewKind.RightPosteriorOblique),
        ("OAG", ViewKind.LeftAnteriorOblique), ("OAI", ViewKind.LeftAnteriorOblique), ("OAS", ViewKind.LeftAnteriorOblique), ("OAE", ViewKind.LeftAnteriorOblique),
        ("OAD", ViewKind.RightAnteriorOblique),
        ("OPG", ViewKind.LeftPosteriorOblique), ("OPI", ViewKind.LeftPosteriorOblique), ("OPS", ViewKind.LeftPosteriorOblique), ("OPE", ViewKind.LeftPosteriorOblique),
        ("OPD", ViewKind.RightPosteriorOblique),
        ("LLAT", ViewKind.LeftLateral), ("RLAT", ViewKind.RightLateral), ("LATERAL", ViewKind.Lateral), ("PROFIL", ViewKind.Lateral), ("LATERALE", ViewKind.Lateral),
        ("ANTERIOR", ViewKind.Anterior), ("ANT", ViewKind.Anterior), ("ANTERIEUR", ViewKind.Anterior), ("ANTERIEURE", ViewKind.Anterior), ("ANTERIORE", ViewKind.Anterior),
        ("VENTRAL", ViewKind.Anterior),
        ("POSTERIOR", ViewKind.Posterior), ("POST", ViewKind.Posterior), ("POSTERIEUR", ViewKind.Posterior), ("POSTERIEURE", ViewKind.Posterior), ("POSTERIORE", ViewKind.Posterior),
        ("DORSAL", ViewKind.Posterior),
        ("TRANSVERSE", ViewKind.Transverse), ("TRANSAXIAL", ViewKind.Transverse), ("SAGITTAL", ViewKind.Sagittal), ("CORONAL", ViewKind.Coronal),
        ("SHORT AXIS", ViewKind.ShortAxis), ("VERTICAL LONG AXIS", ViewKind.VerticalLongAxis), ("HORIZONTAL LONG AXIS", ViewKind.HorizontalLongAxis),
    ];

    /// <summary>The view in a Detector Information item, or null when it has no View Code Sequence.</summary>
    public static PlanarView? From(DicomDataset detectorItem)
    {
        var viewItem = detectorItem.GetItem(DicomTags.ViewCodeSequence);
        var code = CodedEntry.From(viewItem);
        if (code is null) return null;
        var modifier = CodedEntry.From(viewItem!.GetItem(DicomTags.ViewModifierCodeSequence));
        var angulation = modifier?.Value is { } mv && AngulationByCode.TryGetValue(mv, out var a) ? a : ViewAngulation.None;
        if (code.Value is { } v && ByCode.TryGetValue(v, out var kind)) return new PlanarView(kind, angulation, code, modifier, false);
        var fromText = Recognise(code.Meaning) ?? Recognise(code.Value);
        return new PlanarView(fromText ?? ViewKind.Unknown, angulation, code, modifier, fromText is not null);
    }

    /// <summary>A view kind named in free text ("FACE ANT", "Left anterior oblique", "LAO 45"), or null.</summary>
    public static ViewKind? Recognise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var words = DescriptionText.Fold(text);
        foreach (var (phrase, kind) in ByWords)
        {
            if (words.Contains(" " + phrase + " ", StringComparison.Ordinal)) return kind;
        }
        return null;
    }

    /// <summary>The view a user names on the command line (<c>--views ANT,POST,LAO,LL,RL</c>, or any word <see cref="Recognise"/>
    /// knows), or null when the token names none.</summary>
    public static ViewKind? ParseStated(string token) => DescriptionText.Fold(token).Trim() switch
    {
        "LL" or "LLAT" or "LEFT LAT" => ViewKind.LeftLateral,
        "RL" or "RLAT" or "RIGHT LAT" => ViewKind.RightLateral,
        _ => Recognise(token),
    };

    /// <summary>The short label of a view kind (ANT, POST, LAO ... LEFT LATERAL) for messages.</summary>
    public static string ShortLabel(ViewKind kind) => Inferred(kind, ViewSource.Stated).Label;

    /// <summary>Short label: ANT, POST, LAO, RAO, LPO, RPO, LEFT LATERAL, ... with CEPH/CAUD when angulated.</summary>
    public string Label
    {
        get
        {
            var k = Kind switch
            {
                ViewKind.Anterior => "ANT",
                ViewKind.Posterior => "POST",
                ViewKind.LeftAnteriorOblique => "LAO",
                ViewKind.RightAnteriorOblique => "RAO",
                ViewKind.LeftPosteriorOblique => "LPO",
                ViewKind.RightPosteriorOblique => "RPO",
                ViewKind.LeftLateral => "LEFT LATERAL",
                ViewKind.RightLateral => "RIGHT LATERAL",
                ViewKind.Lateral => "LATERAL",
                ViewKind.Transverse => "TRANSVERSE",
                ViewKind.Sagittal => "SAGITTAL",
                ViewKind.Coronal => "CORONAL",
                ViewKind.ShortAxis => "SHORT AXIS",
                ViewKind.VerticalLongAxis => "VERTICAL LONG AXIS",
                ViewKind.HorizontalLongAxis => "HORIZONTAL LONG AXIS",
                _ => Code?.Meaning ?? Code?.Value ?? "UNKNOWN",
            };
            return Angulation switch { ViewAngulation.Cephalic => k + " CEPH", ViewAngulation.Caudal => k + " CAUD", _ => k };
        }
    }

    public override string ToString() => Label;
}
