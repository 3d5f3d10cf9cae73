// The tsr subcommands; each takes the arguments after its name and returns the exit code.
#pragma once

namespace tsr {

int cmd_check(int argc, char** argv);
int cmd_timeline(int argc, char** argv);
int cmd_record(int argc, char** argv);
int cmd_play(int argc, char** argv);
int cmd_render(int argc, char** argv);
int cmd_user(int argc, char** argv);
int cmd_report(int argc, char** argv);

} // namespace tsr
