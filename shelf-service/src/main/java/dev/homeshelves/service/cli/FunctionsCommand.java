package dev.homeshelves.service.cli;

import dev.homeshelves.api.v1.ListFunctionsRequest;
import dev.homeshelves.api.v1.ListFunctionsResponse;
import dev.homeshelves.api.v1.ParamInfo;
import dev.homeshelves.api.v1.ShelfFunctionInfo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code homectl functions}: the shelf functions, their parameters and defaults, and kill switches. */
@Command(name = "functions", mixinStandardHelpOptions = true,
    description = "Lists the shelf functions with their parameters and defaults (what experiments may set). Admin token.",
    footer = AdminCall.NEEDS_TOKEN)
final class FunctionsCommand implements Callable<Integer> {

  @Mixin AdminCall admin;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return admin.run(spec, "ListFunctions",
        stub -> stub.listFunctions(ListFunctionsRequest.getDefaultInstance()), FunctionsCommand::print);
  }

  static void print(ListFunctionsResponse response, PrintWriter out) {
    for (ShelfFunctionInfo function : response.getFunctionsList()) {
      out.printf("%s%s   \"%s\"%n", function.getId(), function.getKilled() ? "  [KILLED]" : "", function.getTitle());
      for (ParamInfo param : function.getParamsList()) {
        out.printf("    %-14s %-9s default %-8s %s%n", param.getName(), param.getType(), param.getDefaultValue(),
            param.getDescription());
      }
    }
  }
}
