using JasperFx;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Daemon.Configuration;
using Vigil.Engine;
using Vigil.Journal.Marten;
using Vigil.Journal.Projections;

namespace Vigil.Daemon.Journal;

/// <summary>
/// Marten's async daemon for the audit projections, in every vigild whose <c>[journal]</c> has <c>projections = on</c>,
/// in hot/cold mode: the nodes contend for a PostgreSQL advisory lock and only the holder runs the projections; when
/// it stops or dies its session ends, the lock is freed and another node takes over from the stored progression.
/// The store connects as the node role (no schema changes: <c>AutoCreate.None</c>).
/// </summary>
internal static class ClusterJournalServices
{
    public static IServiceCollection AddClusterJournalDaemon(this IServiceCollection services, NodeConfig config)
    {
        if (config.ClusterJournal is not { Projections: true } journal)
        {
            return services;
        }

        services.AddMarten(options =>
        {
            options.Connection(journal.ConnectWith());
            MartenJournalSchema.Configure(options, EngineEvents.Serializer, journal.Schema, AutoCreate.None);
            AuditProjections.Configure(options);
        }).AddAsyncDaemon(DaemonMode.HotCold);
        return services;
    }
}
