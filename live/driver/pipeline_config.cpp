#include "live/driver/pipeline_config.hpp"

#include <random>

#include "core/stores/store_client.hpp"
#include "live/driver/endpoint_routes.hpp"

namespace recguard::live {

pipeline::Config pipeline_config_from(const LiveConfig& cfg, const PlatformTokens& tokens) {
  pipeline::Config c;
  c.webhook_secret = cfg.webhook.hmac_secret.reveal();
  c.genesys = genesys::ApiConfig{host_of_url(cfg.genesys.api_url), tokens.genesys};
  if (cfg.cxone) c.cxone = cxone::ApiConfig{host_of_url(cfg.cxone->api_url), tokens.cxone, cfg.cxone->user_id};
  c.scope = cfg.scope;
  c.primary = stores::make_s3_client(stores::S3Config{
      host_of_url(cfg.primary.endpoint_url), cfg.primary.bucket, cfg.primary.region,
      signing::AwsCredentials{cfg.primary.access_key_id.reveal(), cfg.primary.secret_access_key.reveal(), ""}});
  c.backup = stores::make_azure_blob_client(stores::AzureConfig{
      host_of_url(cfg.backup.endpoint_url), cfg.backup.account, cfg.backup.container,
      signing::AzureSharedKey{cfg.backup.account, cfg.backup.account_key.reveal()}, cfg.backup.path_style});
  if (cfg.upload_wait_max) c.policy.upload_wait_max = *cfg.upload_wait_max;
  if (cfg.upload_poll_interval) c.policy.upload_poll_interval = *cfg.upload_poll_interval;
  if (cfg.cxone_poll_interval) c.policy.cxone_poll_interval = *cfg.cxone_poll_interval;
  // Live mode has real entropy; jitter only has to differ between processes.
  c.jitter_seed = (static_cast<std::uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}();
  c.epoch_unix_s = 0;
  if (cfg.commit_interval) c.commit_window = *cfg.commit_interval;
  c.primary_put_limit_rps = cfg.primary.put_limit_rps;
  if (cfg.genesys.requests_per_minute > 0) c.genesys_api_pace = pipeline::genesys_pace_for(cfg.genesys.requests_per_minute);
  return c;
}

}  // namespace recguard::live
