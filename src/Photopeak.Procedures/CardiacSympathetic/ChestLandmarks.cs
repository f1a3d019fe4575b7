namespace Photopeak.Procedures.CardiacSympathetic;

/// <summary>Landmarks found on an anterior chest image, in pixel coordinates (row 0 = top): the top of the thorax
/// (where the body widens from the neck, i.e. the level of the lung apices), the body midline and the heart. HeartRadiusPx is the
/// radius of the circle that reaches the heart's outer border (it places the mediastinal ROI); HeartOutline, when found, is the
/// heart's silhouette as polygon vertices [row, column].</summary>
internal sealed record ChestLandmarks(double ThoraxTopRow, double MidlineColumn, double HeartRow, double HeartColumn, double HeartRadiusPx, bool NeckInField,
    double HeartContrast, bool HeartFromAnatomy, IReadOnlyList<double[]>? HeartOutline = null);
