using Photopeak.Dicom;
using Photopeak.Imaging.Acquisitions;

namespace Photopeak.Imaging.Tests.Acquisitions;

public class ProjectionCodeTests
{
    private static PlanarView? ViewOf(string code, string meaning)
    {
        var view = new DicomDataset().Set(DicomTags.CodeValue, code).Set(DicomTags.CodingSchemeDesignator, "SRT").Set(DicomTags.CodeMeaning, meaning);
        return PlanarView.From(new DicomDataset().SetSequence(DicomTags.ViewCodeSequence, view));
    }

    [Fact]
    public void Antero_posterior_projection_is_the_anterior_view_and_postero_anterior_the_posterior()
    {
        Assert.Equal(ViewKind.Anterior, ViewOf("R-10206", "antero-posterior")!.Kind);
        Assert.Equal(ViewKind.Posterior, ViewOf("R-10214", "postero-anterior")!.Kind);
        Assert.Equal(ViewKind.Anterior, PlanarView.Recognise("antero-posterior"));
        Assert.Equal(ViewKind.Posterior, PlanarView.Recognise("Postero-anterior"));
    }
}
