namespace Photopeak.Procedures.CardiacSympathetic;

/// <summary>Landmarks found on an anterior chest image, in pixel coordinates (row 0 = top): the top of the thorax
/// (where the body widens from the neck, i.e. the level of the lung apices), the body midline and the heart.</summary>
internal sealed record ChestLandmarks(double ThoraxTopRow, double MidlineColumn, double HeartRow, double HeartColumn, double HeartRadiusPx, bool NeckInField,
    double HeartContrast, bool HeartFromAnatomy);
