namespace Vigil.ReplicationDriver.Mirrors;

/// <summary>
/// A countdown shared by the local copy and every sync target taking part in one request: each party
/// <see cref="AddParty"/>s before it starts and <see cref="Release"/>s when done; the last release completes
/// the request once, with the first error seen. Pooled by its owner, so no allocation per I/O.
/// </summary>
internal abstract class IoCompletion
{
    private int pending;
    private int error;

    /// <summary>Starts a request with one party: the submitter, released after every other party was added.</summary>
    public void Begin()
    {
        this.error = 0;
        Volatile.Write(ref this.pending, 1);
    }

    public void AddParty() => Interlocked.Increment(ref this.pending);

    public void Release(int errno = 0)
    {
        if (errno != 0)
        {
            Interlocked.CompareExchange(ref this.error, errno, 0);
        }

        if (Interlocked.Decrement(ref this.pending) == 0)
        {
            this.OnComplete(Volatile.Read(ref this.error));
        }
    }

    protected abstract void OnComplete(int errno);
}
