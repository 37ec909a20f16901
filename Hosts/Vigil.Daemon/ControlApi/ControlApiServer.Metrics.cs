using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using Vigil.Daemon.Alerts;
using Vigil.Daemon.Metrics;

namespace Vigil.Daemon.ControlApi;

/// <summary>
/// <c>GET /metrics</c>: OpenTelemetry's Prometheus exporter over <see cref="VigilMetrics"/>, on the API's port and TLS.
/// By default a guest (any user) must authenticate, like every read; <c>[cluster] metrics = open</c> serves it without
/// credentials, <c>off</c> not at all.
/// </summary>
internal sealed partial class ControlApiServer
{
    /// <summary>The node's instruments; null: no <c>/metrics</c>.</summary>
    public VigilMetrics? Metrics { get; init; }

    private bool ServesMetrics => Metrics is not null && config.Metrics != MetricsAccess.Off;

    private void AddMetrics(WebApplicationBuilder builder)
    {
        if (ServesMetrics)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(VigilMetrics.MeterName).AddPrometheusExporter());
        }
    }

    private void MapMetrics(WebApplication app)
    {
        if (!ServesMetrics)
        {
            return;
        }

        app.MapPrometheusScrapingEndpoint("/metrics", meterProvider: null, configureBranchedPipeline: branch =>
        {
            if (config.Metrics == MetricsAccess.Guest)
            {
                branch.Use(async (HttpContext ctx, RequestDelegate next) =>
                {
                    if (Authenticate(ctx, ApiRole.Guest).Refusal is { } refusal)
                    {
                        await refusal.ExecuteAsync(ctx);
                        return;
                    }

                    await next(ctx);
                });
            }
        }, optionsName: null);
    }
}
