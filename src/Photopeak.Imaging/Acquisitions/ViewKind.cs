namespace Photopeak.Imaging.Acquisitions;

/// <summary>Projections and planes of PS3.16 CID 26 (Nuclear Medicine Projections) that procedures tell apart.</summary>
public enum ViewKind
{
    Unknown,
    Anterior,
    Posterior,
    LeftLateral,
    RightLateral,
    Lateral,
    LeftAnteriorOblique,
    RightAnteriorOblique,
    LeftPosteriorOblique,
    RightPosteriorOblique,
    Transverse,
    Sagittal,
    Coronal,
    ShortAxis,
    VerticalLongAxis,
    HorizontalLongAxis,
}

/// <summary>Cranio-caudad angulation of a view, PS3.16 CID 23.</summary>
public enum ViewAngulation
{
    None,
    Cephalic,
    Caudal,
}
