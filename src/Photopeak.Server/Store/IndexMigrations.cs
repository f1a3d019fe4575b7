namespace Photopeak.Server.Store;

/// <summary>
/// The index schema as numbered migrations, written in the SQL that SQLite and PostgreSQL share, applied in order and
/// recorded in schema_version, so every node's index has the same shape whatever its database.
/// </summary>
internal static class IndexMigrations
{
    public static IReadOnlyList<(int Version, string Sql)> All { get; } =
    [
        (1, """
            CREATE TABLE instances (
                sop_instance_uid TEXT PRIMARY KEY,
                sop_class_uid TEXT NOT NULL,
                study_instance_uid TEXT NOT NULL,
                series_instance_uid TEXT NOT NULL,
                patient_id TEXT, patient_name TEXT, patient_birth_date TEXT, patient_sex TEXT,
                study_date TEXT, study_time TEXT, accession_number TEXT, study_id TEXT, study_description TEXT,
                referring_physician_name TEXT, modality TEXT, series_number INTEGER, series_description TEXT, instance_number INTEGER,
                transfer_syntax_uid TEXT NOT NULL,
                path TEXT NOT NULL,
                size_bytes BIGINT NOT NULL,
                sha256 TEXT NOT NULL,
                calling_ae_title TEXT,
                received_utc TEXT NOT NULL);
            CREATE INDEX ix_instances_study ON instances (study_instance_uid);
            CREATE INDEX ix_instances_series ON instances (series_instance_uid);
            CREATE INDEX ix_instances_patient ON instances (patient_id);
            CREATE TABLE conflicts (
                path TEXT PRIMARY KEY,
                sop_instance_uid TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                calling_ae_title TEXT,
                received_utc TEXT NOT NULL);
            """),
        (2, """
            CREATE TABLE jobs (
                study_instance_uid TEXT NOT NULL,
                input_sha256 TEXT NOT NULL,
                pipeline_version TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                procedure_name TEXT,
                message TEXT,
                worker TEXT,
                updated_utc TEXT NOT NULL,
                PRIMARY KEY (study_instance_uid, input_sha256, pipeline_version));
            CREATE INDEX ix_jobs_status ON jobs (status);
            """),
        (3, """
            CREATE TABLE forwards (
                destination TEXT NOT NULL,
                path TEXT NOT NULL,
                study_instance_uid TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                message TEXT,
                next_attempt_utc TEXT NOT NULL,
                updated_utc TEXT NOT NULL,
                PRIMARY KEY (destination, path));
            CREATE INDEX ix_forwards_pending ON forwards (status, next_attempt_utc);
            """),
        // The image attributes QIDO-RS returns for an instance; rows indexed before this migration leave them empty.
        (4, """
            ALTER TABLE instances ADD COLUMN image_rows INTEGER;
            ALTER TABLE instances ADD COLUMN image_columns INTEGER;
            ALTER TABLE instances ADD COLUMN bits_allocated INTEGER;
            ALTER TABLE instances ADD COLUMN number_of_frames INTEGER;
            """),
        // Accounts of the web review (ASP.NET Core Identity's fields, one role each) and the audit trail. Audit event ids start
        // with their UTC time, so they sort in the order they happened.
        (5, """
            CREATE TABLE users (
                user_name TEXT PRIMARY KEY,
                normalized_name TEXT NOT NULL UNIQUE,
                role TEXT NOT NULL,
                password_hash TEXT,
                security_stamp TEXT NOT NULL,
                access_failed_count INTEGER NOT NULL,
                lockout_end_utc TEXT,
                created_utc TEXT NOT NULL);
            CREATE TABLE audit_events (
                event_id TEXT PRIMARY KEY,
                time_utc TEXT NOT NULL,
                user_name TEXT,
                action TEXT NOT NULL,
                object TEXT,
                outcome TEXT NOT NULL,
                detail TEXT);
            """),
        // The report versions of the review: a draft until a physician signs it; an amendment is the next version.
        (6, """
            CREATE TABLE report_versions (
                study_instance_uid TEXT NOT NULL,
                version INTEGER NOT NULL,
                status TEXT NOT NULL,
                signer TEXT,
                signed_utc TEXT,
                content_sha256 TEXT,
                amendment_reason TEXT,
                updated_utc TEXT NOT NULL,
                PRIMARY KEY (study_instance_uid, version));
            """),
        // Leases on a study's report, so a node and its workers change it one at a time (Reports/ReviewLock).
        (7, """
            CREATE TABLE review_locks (
                study_instance_uid TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                expires_utc TEXT NOT NULL);
            """),
    ];
}
