using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using Photopeak.Server.Jobs;

namespace Photopeak.Server.Store;

/// <summary>
/// The index of stored instances in a relational database: SQLite in WAL mode by default, PostgreSQL when several nodes and
/// workers share it. One connection, used by one caller at a time; a commit (synchronous=FULL in SQLite, PostgreSQL's default
/// synchronous_commit) is durable before it returns. The SQL is the dialect both share, so one set of migrations serves both.
/// </summary>
public sealed class StoreIndex : IDisposable
{
    private const string Columns = "sop_instance_uid, sop_class_uid, study_instance_uid, series_instance_uid, patient_id, patient_name, " +
        "patient_birth_date, patient_sex, study_date, study_time, accession_number, study_id, study_description, referring_physician_name, " +
        "modality, series_number, series_description, instance_number, transfer_syntax_uid, path, size_bytes, sha256, calling_ae_title, received_utc, " +
        "image_rows, image_columns, bits_allocated, number_of_frames";

    private readonly DbConnection connection;
    private readonly SemaphoreSlim gate = new(1, 1);

    private StoreIndex(DbConnection connection) => this.connection = connection;

    /// <summary>Opens (creating and migrating as needed) an SQLite index file.</summary>
    public static StoreIndex OpenSqlite(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        var index = new StoreIndex(connection);
        index.Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;");
        index.Migrate();
        return index;
    }

    /// <summary>Opens the index a node or worker was configured with: SQLite in <paramref name="dataFolder"/>, or PostgreSQL.</summary>
    public static StoreIndex Open(IndexDatabase database, string dataFolder) =>
        database.PostgresConnectionString is { } connectionString ? OpenPostgres(connectionString) : OpenSqlite(Path.Combine(dataFolder, "index.db"));

    /// <summary>Opens (creating and migrating as needed) the index in a PostgreSQL database; nodes starting together migrate one
    /// after the other under an advisory lock.</summary>
    public static StoreIndex OpenPostgres(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        var index = new StoreIndex(connection);
        try
        {
            index.Execute($"SELECT pg_advisory_lock({MigrationLockKey})");
            try { index.Migrate(); }
            finally { index.Execute($"SELECT pg_advisory_unlock({MigrationLockKey})"); }
        }
        catch
        {
            index.Dispose();
            throw;
        }
        return index;
    }

    // Any constant shared by every Photopeak process on the database ("PHOTOPEA" in ASCII).
    private const long MigrationLockKey = 0x50484F544F504541;

    /// <summary>The schema version now in the database.</summary>
    public int SchemaVersion => Convert.ToInt32(Scalar("SELECT COALESCE(MAX(version), 0) FROM schema_version"), CultureInfo.InvariantCulture);

    /// <summary>The indexed instance with this SOP Instance UID, or null.</summary>
    public async Task<StoredInstance?> FindAsync(string sopInstanceUid, CancellationToken cancel)
    {
        var found = await QueryAsync($"SELECT {Columns} FROM instances WHERE sop_instance_uid = @p0", [sopInstanceUid], cancel).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>Adds an instance; false if its SOP Instance UID is already indexed (the row is left as it was).</summary>
    public async Task<bool> AddAsync(StoredInstance instance, CancellationToken cancel)
    {
        var a = instance.Attributes;
        object?[] values =
        [
            a.SopInstanceUid, a.SopClassUid, a.StudyInstanceUid, a.SeriesInstanceUid, a.PatientId, a.PatientName, a.PatientBirthDate,
            a.PatientSex, a.StudyDate, a.StudyTime, a.AccessionNumber, a.StudyId, a.StudyDescription, a.ReferringPhysicianName, a.Modality,
            a.SeriesNumber, a.SeriesDescription, a.InstanceNumber, instance.TransferSyntaxUid, instance.RelativePath, instance.SizeBytes,
            instance.Sha256, instance.CallingAETitle, instance.ReceivedUtc.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            a.Rows, a.Columns, a.BitsAllocated, a.NumberOfFrames,
        ];
        var parameters = string.Join(", ", Enumerable.Range(0, values.Length).Select(i => "@p" + i));
        var rows = await ExecuteAsync($"INSERT INTO instances ({Columns}) VALUES ({parameters}) ON CONFLICT (sop_instance_uid) DO NOTHING", values, cancel)
            .ConfigureAwait(false);
        return rows == 1;
    }

    /// <summary>Records a received instance whose SOP Instance UID was already stored with other bytes: kept beside it and flagged.</summary>
    public Task AddConflictAsync(string relativePath, string sopInstanceUid, string sha256, string? callingAETitle, DateTimeOffset receivedUtc, CancellationToken cancel) =>
        ExecuteAsync("INSERT INTO conflicts (path, sop_instance_uid, sha256, calling_ae_title, received_utc) VALUES (@p0, @p1, @p2, @p3, @p4) ON CONFLICT (path) DO NOTHING",
            [relativePath, sopInstanceUid, sha256, callingAETitle, receivedUtc.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)], cancel);

    /// <summary>Paths of instances kept as conflicting duplicates.</summary>
    public Task<IReadOnlyList<string>> ConflictsAsync(CancellationToken cancel) => TextsAsync("SELECT path FROM conflicts ORDER BY path", [], cancel);

    /// <summary>Every indexed instance, optionally of one study, ordered by study, series and instance number.</summary>
    public Task<List<StoredInstance>> InstancesAsync(string? studyInstanceUid, CancellationToken cancel) => studyInstanceUid is null
        ? QueryAsync($"SELECT {Columns} FROM instances ORDER BY study_instance_uid, series_instance_uid, instance_number", [], cancel)
        : QueryAsync($"SELECT {Columns} FROM instances WHERE study_instance_uid = @p0 ORDER BY series_instance_uid, instance_number", [studyInstanceUid], cancel);

    /// <summary>Removes the rows of instances (after their files were found missing).</summary>
    public async Task RemoveAsync(IEnumerable<string> sopInstanceUids, CancellationToken cancel)
    {
        foreach (var uid in sopInstanceUids) await ExecuteAsync("DELETE FROM instances WHERE sop_instance_uid = @p0", [uid], cancel).ConfigureAwait(false);
    }

    /// <summary>
    /// Claims the job for a study's input under a pipeline version: true if this caller should run it (no row yet, a failure
    /// with attempts left, or a running claim older than <paramref name="lease"/>, whose worker is taken to be dead). The claim
    /// is one conditional upsert, so two workers never both win it.
    /// </summary>
    public async Task<bool> ClaimJobAsync(string studyUid, string inputSha256, string pipelineVersion, string worker, int maxAttempts, TimeSpan lease,
        CancellationToken cancel)
    {
        var now = DateTimeOffset.UtcNow;
        var rows = await ExecuteAsync("""
            INSERT INTO jobs (study_instance_uid, input_sha256, pipeline_version, status, attempts, worker, updated_utc)
            VALUES (@p0, @p1, @p2, 'running', 1, @p3, @p4)
            ON CONFLICT (study_instance_uid, input_sha256, pipeline_version) DO UPDATE
            SET status = 'running', attempts = jobs.attempts + 1, worker = excluded.worker, updated_utc = excluded.updated_utc
            WHERE (jobs.status = 'failed' AND jobs.attempts < @p5) OR (jobs.status = 'running' AND jobs.updated_utc < @p6)
            """, [studyUid, inputSha256, pipelineVersion, worker, Utc(now), maxAttempts, Utc(now - lease)], cancel).ConfigureAwait(false);
        return rows == 1;
    }

    /// <summary>Forgets the study's finished jobs (done, not applicable or failed, attempts and all), so that its next
    /// <see cref="ClaimJobAsync"/> runs it again: a rerun asked for by a person. A running job is kept.</summary>
    public Task ForgetFinishedJobsAsync(string studyUid, CancellationToken cancel) =>
        ExecuteAsync("DELETE FROM jobs WHERE study_instance_uid = @p0 AND status <> 'running'", [studyUid], cancel);

    /// <summary>Records how a claimed job ended.</summary>
    public Task FinishJobAsync(string studyUid, string inputSha256, string pipelineVersion, JobStatus status, string? procedureName, string? message,
        CancellationToken cancel) =>
        ExecuteAsync("UPDATE jobs SET status = @p3, procedure_name = @p4, message = @p5, updated_utc = @p6 " +
            "WHERE study_instance_uid = @p0 AND input_sha256 = @p1 AND pipeline_version = @p2",
            [studyUid, inputSha256, pipelineVersion, StatusName(status), procedureName, message, Utc(DateTimeOffset.UtcNow)], cancel);

    /// <summary>Jobs of one study (or all), newest first.</summary>
    public async Task<IReadOnlyList<ProcessingJob>> JobsAsync(string? studyUid, CancellationToken cancel)
    {
        await gate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            const string select = "SELECT study_instance_uid, input_sha256, pipeline_version, status, attempts, procedure_name, message, worker, updated_utc FROM jobs";
            using var command = studyUid is null ? Command(select + " ORDER BY updated_utc DESC", [])
                : Command(select + " WHERE study_instance_uid = @p0 ORDER BY updated_utc DESC", [studyUid]);
            using var r = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false);
            var jobs = new List<ProcessingJob>();
            while (await r.ReadAsync(cancel).ConfigureAwait(false))
                jobs.Add(new ProcessingJob(r.GetString(0), r.GetString(1), r.GetString(2), ParseStatus(r.GetString(3)), Convert.ToInt32(r.GetValue(4), CultureInfo.InvariantCulture),
                    r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7),
                    DateTimeOffset.Parse(r.GetString(8), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)));
            return jobs;
        }
        finally { gate.Release(); }
    }

    /// <summary>Study Instance UIDs of which nothing was received after <paramref name="receivedBefore"/>: the studies a worker
    /// may take as complete.</summary>
    public Task<IReadOnlyList<string>> QuietStudyUidsAsync(DateTimeOffset receivedBefore, CancellationToken cancel) =>
        TextsAsync("SELECT study_instance_uid FROM instances GROUP BY study_instance_uid HAVING MAX(received_utc) < @p0 ORDER BY study_instance_uid",
            [Utc(receivedBefore)], cancel);

    /// <summary>Study Instance UIDs in the index.</summary>
    public Task<IReadOnlyList<string>> StudyUidsAsync(CancellationToken cancel) =>
        TextsAsync("SELECT DISTINCT study_instance_uid FROM instances ORDER BY study_instance_uid", [], cancel);

    /// <summary>Queues files for destinations, every pair in one statement (so a crash leaves all of them queued or none);
    /// a pair queued before is left as it is. With <paramref name="onlyUnqueued"/> a file that has any row already is skipped.</summary>
    public Task QueueForwardsAsync(IReadOnlyList<string> destinations, IReadOnlyList<string> relativePaths, string studyUid, bool onlyUnqueued, CancellationToken cancel)
    {
        if (destinations.Count == 0 || relativePaths.Count == 0) return Task.CompletedTask;
        var values = new List<object?> { studyUid, Utc(DateTimeOffset.UtcNow) };
        var rows = new List<string>();
        foreach (var path in relativePaths)
            foreach (var destination in destinations)
            {
                rows.Add($"(@p{values.Count}, @p{values.Count + 1})");
                values.Add(destination);
                values.Add(path);
            }
        // VALUES names its columns column1, column2 in SQLite and PostgreSQL alike; SQLite needs a WHERE before ON CONFLICT.
        var unqueued = onlyUnqueued ? "NOT EXISTS (SELECT 1 FROM forwards f WHERE f.path = q.column2)" : "1 = 1";
        return ExecuteAsync("INSERT INTO forwards (destination, path, study_instance_uid, status, attempts, next_attempt_utc, updated_utc) " +
            $"SELECT q.column1, q.column2, @p0, 'pending', 0, @p1, @p1 FROM (VALUES {string.Join(", ", rows)}) AS q WHERE {unqueued} " +
            "ON CONFLICT (destination, path) DO NOTHING", [.. values], cancel);
    }

    /// <summary>Files due for sending to a destination (pending, next attempt reached), oldest first, with the attempts made so far.</summary>
    public async Task<IReadOnlyList<(string Path, int Attempts)>> DueForwardsAsync(string destination, int limit, CancellationToken cancel)
    {
        await gate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            using var command = Command("SELECT path, attempts FROM forwards WHERE destination = @p0 AND status = 'pending' AND next_attempt_utc <= @p1 " +
                "ORDER BY updated_utc LIMIT @p2", [destination, Utc(DateTimeOffset.UtcNow), limit]);
            using var r = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false);
            var due = new List<(string, int)>();
            while (await r.ReadAsync(cancel).ConfigureAwait(false)) due.Add((r.GetString(0), Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture)));
            return due;
        }
        finally { gate.Release(); }
    }

    /// <summary>Records a sending attempt: acknowledged (sent), or not with the reason and the time of the next attempt.</summary>
    public Task RecordForwardAsync(string destination, string relativePath, bool acknowledged, string? message, DateTimeOffset nextAttempt, CancellationToken cancel) =>
        ExecuteAsync("UPDATE forwards SET status = @p2, attempts = attempts + 1, message = @p3, next_attempt_utc = @p4, updated_utc = @p5 " +
            "WHERE destination = @p0 AND path = @p1",
            [destination, relativePath, acknowledged ? "sent" : "pending", message, Utc(nextAttempt), Utc(DateTimeOffset.UtcNow)], cancel);

    /// <summary>Every forward of a study: destination, file, status, attempts and the last problem.</summary>
    public async Task<IReadOnlyList<(string Destination, string Path, string Status, int Attempts, string? Message)>> ForwardsAsync(string studyUid, CancellationToken cancel)
    {
        await gate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            using var command = Command("SELECT destination, path, status, attempts, message FROM forwards WHERE study_instance_uid = @p0 ORDER BY destination, path", [studyUid]);
            using var r = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false);
            var rows = new List<(string, string, string, int, string?)>();
            while (await r.ReadAsync(cancel).ConfigureAwait(false))
                rows.Add((r.GetString(0), r.GetString(1), r.GetString(2), Convert.ToInt32(r.GetValue(3), CultureInfo.InvariantCulture), r.IsDBNull(4) ? null : r.GetString(4)));
            return rows;
        }
        finally { gate.Release(); }
    }

    /// <summary>A job status as the job table stores it (and the HTTP API shows it): running, done, not-applicable, failed.</summary>
    public static string StatusName(JobStatus status) => status switch
    {
        JobStatus.Running => "running", JobStatus.Done => "done", JobStatus.NotApplicable => "not-applicable", _ => "failed",
    };

    private static JobStatus ParseStatus(string text) => text switch
    {
        "running" => JobStatus.Running, "done" => JobStatus.Done, "not-applicable" => JobStatus.NotApplicable, _ => JobStatus.Failed,
    };

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public void Dispose()
    {
        connection.Dispose();
        gate.Dispose();
    }

    private void Migrate()
    {
        Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        var current = SchemaVersion;
        foreach (var (version, sql) in IndexMigrations.All.Where(m => m.Version > current))
        {
            using var transaction = connection.BeginTransaction();
            Execute(sql, transaction);
            Execute($"INSERT INTO schema_version (version) VALUES ({version})", transaction);
            transaction.Commit();
        }
    }

    private Task<List<StoredInstance>> QueryAsync(string sql, object?[] values, CancellationToken cancel) => ReadAsync(sql, values, Read, cancel);

    /// <summary>The first column of a query's rows, as text.</summary>
    private async Task<IReadOnlyList<string>> TextsAsync(string sql, object?[] values, CancellationToken cancel) =>
        await ReadAsync(sql, values, r => r.GetString(0), cancel).ConfigureAwait(false);

    /// <summary>A query's rows, each read by <paramref name="read"/>; parameters are @p0, @p1… (for the tables of Accounts and
    /// Audit, which keep their own SQL).</summary>
    internal async Task<List<T>> ReadAsync<T>(string sql, object?[] values, Func<DbDataReader, T> read, CancellationToken cancel)
    {
        await gate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            using var command = Command(sql, values);
            using var reader = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancel).ConfigureAwait(false)) rows.Add(read(reader));
            return rows;
        }
        finally { gate.Release(); }
    }

    private static StoredInstance Read(DbDataReader r)
    {
        string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        int? I(int i) => r.IsDBNull(i) ? null : Convert.ToInt32(r.GetValue(i), CultureInfo.InvariantCulture);
        var attributes = new InstanceAttributes(r.GetString(1), r.GetString(0), r.GetString(2), r.GetString(3), S(4), S(5), S(6), S(7), S(8), S(9),
            S(10), S(11), S(12), S(13), S(14), I(15), S(16), I(17)) { Rows = I(24), Columns = I(25), BitsAllocated = I(26), NumberOfFrames = I(27) };
        return new StoredInstance(attributes, r.GetString(18), r.GetString(19), Convert.ToInt64(r.GetValue(20), CultureInfo.InvariantCulture), r.GetString(21),
            S(22), DateTimeOffset.Parse(r.GetString(23), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
    }

    /// <summary>Runs a statement; returns the rows it changed.</summary>
    internal async Task<int> ExecuteAsync(string sql, object?[] values, CancellationToken cancel)
    {
        await gate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            using var command = Command(sql, values);
            return await command.ExecuteNonQueryAsync(cancel).ConfigureAwait(false);
        }
        finally { gate.Release(); }
    }

    private DbCommand Command(string sql, object?[] values, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@p" + i;
            p.Value = values[i] ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        return command;
    }

    private void Execute(string sql, DbTransaction? transaction = null)
    {
        using var command = Command(sql, [], transaction);
        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql)
    {
        using var command = Command(sql, []);
        return command.ExecuteScalar();
    }
}
