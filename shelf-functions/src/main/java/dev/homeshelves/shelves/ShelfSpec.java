package dev.homeshelves.shelves;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a class as a shelf: its stable id, its title template and what it is for. The one
 * annotation is all the registration a shelf needs; the build lists annotated classes for
 * {@link java.util.ServiceLoader}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ShelfSpec {

  /** Stable id, lower-case words joined by '-': {@code because-you-listened}. Stored and logged. */
  String id();

  /**
   * Title shown to the user; {@code {name}} placeholders are filled from the draft's title
   * arguments: {@code "Because you listened to {seed}"}.
   */
  String title();

  /** One or two sentences for people listing the shelves: seed, candidates, exclusions. */
  String description() default "";
}
