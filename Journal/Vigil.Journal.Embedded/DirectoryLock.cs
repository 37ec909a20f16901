namespace Vigil.Journal.Embedded;

/// <summary>
/// The single-writer guard: an exclusive lock on <c>journal.lock</c>. On Linux .NET maps
/// <see cref="FileShare.None"/> to <c>flock(LOCK_EX | LOCK_NB)</c>, which the kernel drops when the process dies, so a
/// crashed writer never leaves a stale lock behind.
/// </summary>
internal sealed class DirectoryLock : IDisposable
{
    private readonly FileStream _file;

    private DirectoryLock(FileStream file) => _file = file;

    public static DirectoryLock Acquire(string directory)
    {
        var path = Path.Combine(directory, SegmentFormat.LockFileName);
        try
        {
            return new DirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex)
        {
            throw new JournalLockedException(directory, ex);
        }
    }

    public void Dispose() => _file.Dispose();
}
