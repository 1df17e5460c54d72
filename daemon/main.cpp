#include <csignal>
#include <cstdlib>
#include <iostream>

#include <spdlog/spdlog.h>

#include "config/config_loader.hpp"
#include "daemon/app.hpp"
#include "daemon/backup_command.hpp"
#include "daemon/command_line.hpp"
#include "daemon/keys_command.hpp"
#include "daemon/logging.hpp"
#include "daemon/settings.hpp"

int main(int argc, char** argv) {
  int exit_code = 0;
  const auto command_line = vigil::daemon::parse_command_line(argc, argv, exit_code);
  if (!command_line) return exit_code;
  if (command_line->keys_generate)
    return vigil::daemon::generate_key(*command_line->keys_generate, std::cout, std::cerr);

  vigil::config::Config config;
  try {
    config = vigil::daemon::resolve_config(*command_line, [](const char* name) { return std::getenv(name); });
  } catch (const vigil::config::ConfigError& e) {
    std::cerr << "vigild: configuration error: " << e.what() << "\n";
    return 2;
  }
  if (command_line->backup_to)
    return vigil::daemon::backup_command(config.storage, *command_line->backup_to, std::cout, std::cerr);
  if (command_line->restore_from)
    return vigil::daemon::restore_command(config.storage, *command_line->restore_from, std::cout, std::cerr);
  // Block the shutdown and reload signals before any thread starts, so every
  // thread inherits the mask and the main thread alone receives them (sigwait).
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  vigil::daemon::setup_logging(config.log.level, config.log.format);
  try {
    vigil::daemon::App app(std::move(config), *command_line);
    return app.run();
  } catch (const std::exception& e) {
    spdlog::critical("start-up failed: {}", e.what());
    return 1;
  }
}
