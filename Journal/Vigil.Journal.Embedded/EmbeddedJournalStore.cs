using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Win32.SafeHandles;

namespace Vigil.Journal.Embedded;

/// <summary>
/// The embedded journal: append-only, checksummed segment files in one directory, one batch per record, fsynced
/// before an append returns. Zero setup, and every node's local write-ahead journal. Open it with
/// <see cref="OpenAsync"/> (the single writer) or <see cref="OpenReadOnly"/> (readers, tools, salvage).
/// </summary>
/// <remarks>
/// A crash at any byte loses at most the batch being written: on open an incomplete last batch is ignored
/// (<see cref="Recovery"/>) and the next append truncates it away. Anything else that does not check out is
/// damage and raises <see cref="JournalCorruptException"/> with the file and byte offset; a salvage open still
/// reads everything before it. Stored bytes are never rewritten.
/// </remarks>
public sealed partial class EmbeddedJournalStore : IJournalStore
{
    private readonly string _directory;
    private readonly EventSerializer _serializer;
    private readonly EmbeddedJournalOptions _options;
    private readonly ILogger _logger;
    private readonly DirectoryLock? _lock;
    private readonly object _gate = new();
    private readonly JournalIndex _index = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly AppendSignal _signal = new();
    private readonly Dictionary<long, SafeFileHandle> _readHandles = [];
    private readonly List<SafeFileHandle> _closedSegments = [];
    private readonly CancellationTokenSource _disposed = new();
    private long _visible;
    private long _lastSegment;
    private long _scanEnd;
    private bool _tailTorn;
    private SafeFileHandle? _segment;
    private long _segmentLength;
    private Exception? _failure;

    private EmbeddedJournalStore(string directory, EventSerializer serializer, EmbeddedJournalOptions options, ILogger logger, DirectoryLock? directoryLock)
    {
        _directory = directory;
        _serializer = serializer;
        _options = options;
        _logger = logger;
        _lock = directoryLock;
    }

    /// <summary>The journal directory.</summary>
    public string Directory => _directory;

    /// <summary>Whether this instance refuses appends (opened with <see cref="OpenReadOnly"/>).</summary>
    public bool IsReadOnly => _lock is null;

    /// <summary>What the open found besides complete batches: a torn tail, or (salvage only) damage.</summary>
    public EmbeddedRecoveryReport Recovery { get; private set; } = EmbeddedRecoveryReport.Clean;

    /// <summary>The global position of the last event readers can see.</summary>
    public long LastPosition => Volatile.Read(ref _visible);

    /// <summary>
    /// Opens (creating if needed) the journal in <paramref name="directory"/> as its single writer.
    /// </summary>
    /// <exception cref="JournalLockedException">Another writer holds the directory.</exception>
    /// <exception cref="JournalCorruptException">A segment is damaged or foreign; use <see cref="OpenReadOnly"/> with salvage to read what precedes it.</exception>
    public static ValueTask<EmbeddedJournalStore> OpenAsync(
        string directory, EventSerializer serializer, EmbeddedJournalOptions? options = null, ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(serializer);
        cancellationToken.ThrowIfCancellationRequested();
        var full = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(full);
        var directoryLock = DirectoryLock.Acquire(full);
        var store = new EmbeddedJournalStore(full, serializer, options ?? new EmbeddedJournalOptions(), logger ?? NullLogger.Instance, directoryLock);
        try
        {
            store.Load(salvage: false);
        }
        catch
        {
            directoryLock.Dispose();
            throw;
        }

        return ValueTask.FromResult(store);
    }

    /// <summary>
    /// Opens the journal for reading only, without the writer lock (a running writer may keep appending; a
    /// subscription polls for its appends). With <paramref name="salvage"/>, damage does not throw: reads return
    /// every event before it and <see cref="Recovery"/> names it.
    /// </summary>
    public static EmbeddedJournalStore OpenReadOnly(
        string directory, EventSerializer serializer, bool salvage = false, EmbeddedJournalOptions? options = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(serializer);
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"{full}: no journal directory here.");
        }

        var store = new EmbeddedJournalStore(full, serializer, options ?? new EmbeddedJournalOptions(), logger ?? NullLogger.Instance, null);
        store.Load(salvage);
        return store;
    }

    public ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return ValueTask.CompletedTask;
        }

        _disposed.Cancel();
        _writeLock.Wait();
        try
        {
            lock (_gate)
            {
                _segment?.Dispose();
                _closedSegments.ForEach(s => s.Dispose());
                foreach (var handle in _readHandles.Values)
                {
                    handle.Dispose();
                }

                _readHandles.Clear();
            }

            _lock?.Dispose();
        }
        finally
        {
            _writeLock.Release();
        }

        return ValueTask.CompletedTask;
    }

    private static long[] ListSegments(string directory)
    {
        var numbers = new List<long>();
        foreach (var path in System.IO.Directory.EnumerateFiles(directory, "*" + SegmentFormat.Extension))
        {
            if (SegmentFormat.TryParseNumber(Path.GetFileName(path), out var n))
            {
                numbers.Add(n);
            }
        }

        numbers.Sort();
        return [.. numbers];
    }

    private string SegmentPath(long number) => Path.Combine(_directory, SegmentFormat.FileName(number));

    /// <summary>Rebuilds the index from every segment, in order.</summary>
    private void Load(bool salvage)
    {
        var segments = ListSegments(_directory);
        for (var i = 0; i < segments.Length; i++)
        {
            var number = segments[i];
            if (number != i + 1)
            {
                var missing = SegmentPath(i + 1);
                if (Fail(salvage, new JournalCorruptException(missing, 0, string.Create(CultureInfo.InvariantCulture,
                        $"segment {i + 1} is missing (the next one present is {SegmentFormat.FileName(number)})"))))
                {
                    break;
                }
            }

            var isLast = i == segments.Length - 1;
            var outcome = SegmentScanner.Scan(SegmentPath(number), number, isLast, 0, _index);
            _lastSegment = number;
            _scanEnd = outcome.ValidEnd;
            if (outcome.Damage is { } damage)
            {
                Fail(salvage, damage);
                break;
            }

            if (outcome.HasTornTail)
            {
                _tailTorn = true;
                Recovery = Recovery with
                {
                    TornTailFile = SegmentPath(number),
                    TornTailOffset = outcome.ValidEnd,
                    TornTailBytes = outcome.FileLength - outcome.ValidEnd,
                    TornTailReason = outcome.TornReason,
                };
                Log.TornTailIgnored(_logger, SegmentPath(number), outcome.ValidEnd, outcome.FileLength - outcome.ValidEnd, outcome.TornReason!);
            }
        }

        _visible = _index.LastPosition;
        Log.Opened(_logger, _directory, _index.LastPosition, segments.Length, IsReadOnly);
    }

    /// <summary>Throws the damage unless salvaging; returns true when the load must stop there.</summary>
    private bool Fail(bool salvage, JournalCorruptException damage)
    {
        if (!salvage)
        {
            throw damage;
        }

        Recovery = Recovery with { Damage = damage };
        Log.DamageSalvaged(_logger, damage.Path, damage.Offset, damage.Problem);
        return true;
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        if (Volatile.Read(ref _failure) is { } failure)
        {
            throw new IOException($"{_directory}: the journal stopped accepting appends after a failed write or fsync; reopen it.", failure);
        }
    }
}
