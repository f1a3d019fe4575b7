using Photopeak.Reporting.Model;
using Photopeak.Reporting.Rendering;
using Photopeak.Reporting.Rendering.Pdf;

namespace Photopeak.Reporting.Tests.Model;

public class ReportSigningTests
{
    private static readonly DateTimeOffset SignedAt = new(2026, 11, 20, 15, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_report_is_a_draft_and_signing_records_signer_time_and_hash()
    {
        var draft = SampleReports.Mibg();
        Assert.Equal(ReportStatus.Draft, draft.Status);
        var signed = draft.Sign("Dr. B. Nuclear", SignedAt);
        Assert.Equal(ReportStatus.Signed, signed.Status);
        Assert.Equal("Dr. B. Nuclear", signed.Signature!.Signer);
        Assert.Equal(SignedAt, signed.Signature.SignedAt);
        Assert.Equal(ReportFingerprint.Sha256(draft), signed.Signature.ContentSha256);
        Assert.True(signed.IsIntact);
    }

    [Fact]
    public void A_signed_report_cannot_be_edited_or_signed_again()
    {
        var signed = SampleReports.Mibg().Sign("Dr. B. Nuclear", SignedAt);
        Assert.Throws<ReportSignedException>(() => signed.Edit(r => r with { Impression = "changed" }));
        Assert.Throws<ReportSignedException>(() => signed.Sign("Someone Else", SignedAt));
    }

    [Fact]
    public void Changing_a_signed_report_behind_its_back_is_detected_by_every_renderer()
    {
        var signed = SampleReports.Mibg().Sign("Dr. B. Nuclear", SignedAt);
        var tampered = signed with { Impression = "Normal study." };
        Assert.False(tampered.IsIntact);
        Assert.Throws<ReportSignedException>(() => PdfReportRenderer.Render(tampered));
        Assert.Throws<ReportSignedException>(() => HtmlReportRenderer.Render(tampered));
        Assert.Throws<ReportSignedException>(() => TextReportRenderer.Render(tampered));
    }

    [Fact]
    public void Changing_one_pixel_of_a_figure_changes_the_content_hash()
    {
        var report = SampleReports.Mibg();
        var panel = ((Figures.ImagePanelsFigure)report.Figures[0]).Panels[0];
        var pixels = panel.Image.Pixels.ToArray();
        pixels[100] += 1f;
        var changed = report with
        {
            Figures = [new Figures.ImagePanelsFigure("x", null, [panel with { Image = new Figures.GrayImage(panel.Image.Width, panel.Image.Height, pixels) }])],
        };
        var same = report with { Figures = [new Figures.ImagePanelsFigure("x", null, [panel])] };
        Assert.NotEqual(ReportFingerprint.Sha256(same), ReportFingerprint.Sha256(changed));
    }

    [Fact]
    public void The_content_hash_is_the_same_for_equal_content()
    {
        Assert.Equal(ReportFingerprint.Sha256(SampleReports.Mibg()), ReportFingerprint.Sha256(SampleReports.Mibg()));
    }

    [Fact]
    public void Amending_creates_a_new_draft_version_linked_to_the_signed_one()
    {
        var signed = SampleReports.Mibg().Sign("Dr. B. Nuclear", SignedAt);
        var amended = signed.Amend("Washout method corrected");
        Assert.Equal(ReportStatus.Draft, amended.Status);
        Assert.Equal(2, amended.Version);
        Assert.Equal(1, amended.Amends!.PreviousVersion);
        Assert.Equal(signed.Signature!.ContentSha256, amended.Amends.PreviousContentSha256);
        var edited = amended.Edit(r => r with { Impression = "Corrected impression." });
        var resigned = edited.Sign("Dr. B. Nuclear", SignedAt.AddHours(1));
        Assert.True(resigned.IsIntact);
        Assert.NotEqual(signed.Signature.ContentSha256, resigned.Signature!.ContentSha256);
        Assert.Contains("Amended report (version 2, replaces signed version 1)", TextReportRenderer.Render(resigned).Replace("AMENDED", "Amended report"));
        Assert.True(signed.IsIntact);
    }

    [Fact]
    public void A_draft_cannot_be_amended_and_an_edit_cannot_forge_a_signature()
    {
        var draft = SampleReports.Mibg();
        Assert.Throws<ReportSignedException>(() => draft.Amend("why"));
        Assert.Throws<ReportSignedException>(() => draft.Edit(r => r with { Signature = new ReportSignature("x", SignedAt, "00") }));
        Assert.Throws<ReportSignedException>(() => draft.Edit(r => r with { Version = 7 }));
    }

    [Fact]
    public void The_fingerprint_of_a_report_is_the_one_earlier_versions_signed()
    {
        // Computed with the reflection-based serializer before the fingerprint's JSON was source-generated (for NativeAOT):
        // a report signed by an earlier version must still verify as intact.
        Assert.Equal("de20d6e7b4efda1b4749874228c9a6556492fc08bcbfcc8b7dbd685ef57ada0b", ReportFingerprint.Sha256(SampleReports.Mibg()));
        Assert.Equal("7e8ed3ead5c6d5dff7fbdb2a2e0f09987d08df4587b32edb1cd732177ff2c816", ReportFingerprint.Sha256(SampleReports.LongWithAllFigures()));
    }

    [Fact]
    public void The_fingerprint_covers_a_fused_layer()
    {
        var report = SampleReports.Mibg();
        var figure = report.Figures.OfType<Photopeak.Reporting.Figures.ImagePanelsFigure>().First();
        Photopeak.Reporting.Model.Report Fused(float value)
        {
            var panel = figure.Panels[0];
            var layer = new Photopeak.Reporting.Figures.FusionLayer(new Photopeak.Reporting.Figures.GrayImage(panel.Image.Width, panel.Image.Height,
                Enumerable.Repeat(value, panel.Image.Width * panel.Image.Height).ToArray()), 0, 10);
            var fused = figure with { Panels = [panel with { Fusion = layer }, .. figure.Panels.Skip(1)] };
            return report with { Figures = report.Figures.Select(f => ReferenceEquals(f, figure) ? (Photopeak.Reporting.Figures.ReportFigure)fused : f).ToList() };
        }
        var plain = ReportFingerprint.Sha256(report);
        var a = ReportFingerprint.Sha256(Fused(1));
        var b = ReportFingerprint.Sha256(Fused(2));
        Assert.NotEqual(plain, a);
        Assert.NotEqual(a, b);
    }
}
