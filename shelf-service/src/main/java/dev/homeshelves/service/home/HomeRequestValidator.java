package dev.homeshelves.service.home;

import dev.homeshelves.api.v1.GetHomeRequest;
import dev.homeshelves.service.InvalidArgumentException;
import jakarta.inject.Singleton;
import java.util.regex.Pattern;

/** Checks a GetHomeRequest field by field and applies the server's defaults and caps. */
@Singleton
public final class HomeRequestValidator {

  private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._:@-]+");
  private static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8}){0,4}");

  private final HomeSettings settings;

  public HomeRequestValidator(HomeSettings settings) {
    this.settings = settings;
  }

  /**
   * The request with defaults and caps applied.
   *
   * @throws InvalidArgumentException naming the first invalid field
   */
  public HomeRequest validate(GetHomeRequest request) {
    String userId = request.getUserId();
    if (userId.isEmpty()) {
      throw new InvalidArgumentException("user_id", "is required");
    }
    if (userId.length() > settings.userIdMaxLength()) {
      throw new InvalidArgumentException(
          "user_id", "must be at most " + settings.userIdMaxLength() + " characters, got " + userId.length());
    }
    if (!USER_ID.matcher(userId).matches()) {
      throw new InvalidArgumentException("user_id", "may only contain letters, digits and . _ : @ -");
    }
    if (!request.getLocale().isEmpty() && !LOCALE.matcher(request.getLocale()).matches()) {
      throw new InvalidArgumentException("locale", "must be a BCP 47 language tag such as en-US");
    }
    int maxShelves =
        limit("max_shelves", request.getMaxShelves(), settings.defaultMaxShelves(), settings.maxShelves());
    int maxItems =
        limit(
            "max_items_per_shelf",
            request.getMaxItemsPerShelf(),
            settings.defaultMaxItemsPerShelf(),
            settings.maxItemsPerShelf());
    return new HomeRequest(userId, maxShelves, maxItems, request.getLocale());
  }

  private static int limit(String field, int requested, int defaultValue, int cap) {
    if (requested < 0) {
      throw new InvalidArgumentException(field, "must not be negative, got " + requested);
    }
    return requested == 0 ? defaultValue : Math.min(requested, cap);
  }
}
