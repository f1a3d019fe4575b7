using Photopeak.Imaging.Studies;
using Photopeak.Procedures.Results;

namespace Photopeak.Procedures.CardiacSympathetic;

/// <summary>
/// A site's conversion coefficient measured on a calibration phantom of known reference H/M (the ratio an ideal
/// medium-energy collimator without septal penetration would give): CC = (H/M measured − 1)/(H/M reference − 1)
/// [Nakajima2014 calibration-phantom definition; Verschure2018]. The phantom is imaged with the clinical protocol and its
/// H/M measured exactly as a patient's (automatic heart silhouette polygon and mediastinal square); each anterior image gives a CC and
/// their mean is the site's value, with their SD.
/// </summary>
public sealed record ConversionCoefficientCalibration(
    ConversionCoefficient Coefficient,
    double ReferenceHeartToMediastinum,
    IReadOnlyList<(string Image, double HeartToMediastinum, double Coefficient)> Images,
    string? CollimatorName)
{
    /// <summary>Measures the CC on the anterior images of <paramref name="study"/>; throws <see cref="ProcedureInputException"/>
    /// naming the image when the reference or a measured ratio cannot give one.</summary>
    public static ConversionCoefficientCalibration FromPhantom(Study study, double referenceHeartToMediastinum)
    {
        if (!(referenceHeartToMediastinum > 1.05))
            throw new ProcedureInputException($"the phantom's reference H/M {referenceHeartToMediastinum} must exceed 1.05: CC divides by (reference − 1)");
        var phantomImages = MibgStudyRecognition.PhantomImages(study, []);
        var collimators = phantomImages.Select(i => i.CollimatorName ?? "not recorded").Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (collimators.Count > 1)
            throw new ProcedureInputException($"the phantom images name different collimators ({string.Join(", ", collimators)}): a conversion coefficient belongs to one collimator");
        var images = new List<(string, double, double)>();
        foreach (var image in phantomImages)
        {
            var rois = AutomaticRois.Rois(image, AutomaticRois.FindLandmarks(image));
            double Mean(string name) => RoiStatistics.Of(image.Image.Pixels, rois.Single(r => r.Name == name).Mask(image.Rows, image.Columns)).MeanCountsPerPixel;
            var hm = HeartToMediastinumRatio.Compute(Mean("heart"), Mean("mediastinum"));
            if (!(hm > 1)) throw new ProcedureInputException($"{image.Name}: phantom H/M {hm:0.000} is not above 1; check the phantom filling and the ROIs");
            images.Add((image.Name, hm, (hm - 1) / (referenceHeartToMediastinum - 1)));
        }
        var values = images.Select(i => i.Item3).ToArray();
        var mean = values.Average();
        var sd = values.Length > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1)) : 0;
        var collimator = phantomImages[0].CollimatorName;
        var source = FormattableString.Invariant($"site calibration phantom ({collimator ?? "collimator not recorded"}, reference H/M {referenceHeartToMediastinum:0.00}, {values.Length} image(s))");
        return new ConversionCoefficientCalibration(new ConversionCoefficient(mean, sd, source), referenceHeartToMediastinum, images, collimator);
    }
}
