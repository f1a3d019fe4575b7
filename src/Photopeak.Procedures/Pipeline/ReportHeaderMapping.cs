using Photopeak.Imaging.Studies;
using Photopeak.Reporting.Model;
using ReportPatientSex = Photopeak.Reporting.Model.PatientSex;

namespace Photopeak.Procedures.Pipeline;

/// <summary>The one mapping from the study model's header to the report's: every procedure's report header is made here.</summary>
public static class ReportHeaderMapping
{
    /// <summary>Institution printed when the header names none.</summary>
    public const string DefaultInstitution = "Photopeak nuclear medicine";

    /// <summary>The report header of <paramref name="acquisition"/>'s study; a missing Study Date becomes the acquisition's date,
    /// else today's.</summary>
    public static ReportHeader ToReportHeader(this NmAcquisition acquisition) =>
        acquisition.Header.ToReportHeader(acquisition.StudyDate ?? DateOnly.FromDateTime(acquisition.AcquisitionDateTime ?? DateTime.Today));

    /// <summary>The report header of <paramref name="header"/>; <paramref name="acquired"/> stands in for a missing Study Date.</summary>
    public static ReportHeader ToReportHeader(this StudyHeader header, DateOnly acquired) => new(
        header.Institution.Length > 0 ? header.Institution : DefaultInstitution,
        header.PatientId.Length > 0 ? header.PatientId : "unknown",
        header.PatientName,
        header.Sex switch
        {
            Imaging.Studies.PatientSex.Male => ReportPatientSex.Male,
            Imaging.Studies.PatientSex.Female => ReportPatientSex.Female,
            Imaging.Studies.PatientSex.Other => ReportPatientSex.Other,
            _ => ReportPatientSex.Unknown,
        },
        header.BirthDate,
        header.AccessionNumber,
        header.StudyDate ?? acquired,
        header.ReferringPhysician);
}
