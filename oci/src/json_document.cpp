// SPDX-License-Identifier: Apache-2.0
// Bounded JSON text -> DOM parsing through nlohmann's SAX interface (no exceptions thrown).
#include "json_document.h"

#include "json_path.h"

#include <fmt/format.h>

#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace runw::oci::detail {
namespace {

/// Builds the DOM event by event. Returning false from a callback stops the parser, which
/// is how limits and duplicate keys abort without exceptions.
class BoundedDomBuilder {
public:
  explicit BoundedDomBuilder(size_t maxDepth) : maxDepth_(maxDepth) {}

  bool null() { return addValue(Json(nullptr)); }
  bool boolean(bool value) { return addValue(Json(value)); }
  bool number_integer(Json::number_integer_t value) { return addValue(Json(value)); }
  bool number_unsigned(Json::number_unsigned_t value) { return addValue(Json(value)); }
  bool number_float(Json::number_float_t value, const std::string & /*text*/) {
    return addValue(Json(value));
  }
  bool string(std::string &value) { return addValue(Json(std::move(value))); }
  bool binary(Json::binary_t & /*value*/) { return failAt("binary values are not JSON"); }
  bool start_object(std::size_t /*size*/) { return open(Json::object()); }
  bool end_object() { return close(); }
  bool start_array(std::size_t /*size*/) { return open(Json::array()); }
  bool end_array() { return close(); }

  bool key(std::string &name) {
    if (isDuplicate(frames_.back(), name)) {
      return failAt(fmt::format("duplicate key \"{}\"", name));
    }
    pendingKey_ = std::move(name);
    return true;
  }

  bool parse_error(std::size_t /*position*/, const std::string & /*token*/,
                   const nlohmann::detail::exception &ex) {
    // what() starts with "[json.exception.parse_error.101] "; people only need the rest.
    std::string text = ex.what();
    const size_t bracket = text.find("] ");
    error_ = bracket == std::string::npos ? text : text.substr(bracket + 2);
    return false;
  }

  Json takeRoot() { return std::move(root_); }
  const std::string &error() const { return error_; }

private:
  struct Frame {
    Json *node;
    std::unordered_set<std::string> keys; // member names of large objects
    std::string pathSegment;              // how the parent names this node
  };

  // Small objects (nearly all of them) are scanned in place; only objects with many members
  // pay for a hash set, which keeps hostile million-key objects linear.
  static bool isDuplicate(Frame &frame, const std::string &name) {
    constexpr size_t kScanLimit = 32;
    const auto &members = frame.node->get_ref<const Json::object_t &>();
    if (members.size() < kScanLimit) {
      for (const auto &member : members) {
        if (member.first == name) {
          return true;
        }
      }
      return false;
    }
    if (frame.keys.empty()) {
      for (const auto &member : members) {
        frame.keys.insert(member.first);
      }
    }
    return !frame.keys.insert(name).second;
  }

  bool failAt(const std::string &message) {
    error_ = fmt::format("{}: {}", currentPath(), message);
    return false;
  }

  std::string currentPath() const {
    std::string path;
    for (const Frame &frame : frames_) {
      // Member segments are stored bare ("process"); dots go between them, not before "[".
      if (!path.empty() && !frame.pathSegment.empty() && frame.pathSegment[0] != '[') {
        path += '.';
      }
      path += frame.pathSegment;
    }
    if (!frames_.empty() && frames_.back().node->is_object() && !pendingKey_.empty()) {
      path = appendKey(path, pendingKey_);
    }
    return path.empty() ? std::string("(document)") : path;
  }

  // Places a value into the open container (or as the root) and returns where it lives.
  // segment, when given, receives how the parent names the value (only containers need it).
  Json *place(Json &&value, std::string *segment) {
    if (frames_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Json &parent = *frames_.back().node;
    if (parent.is_array()) {
      if (segment != nullptr) {
        *segment = fmt::format("[{}]", parent.size());
      }
      auto &items = parent.get_ref<Json::array_t &>();
      items.push_back(std::move(value));
      return &items.back();
    }
    if (segment != nullptr) {
      *segment = appendKey("", pendingKey_);
    }
    // Appending to the ordered map's vector directly keeps building O(n); its own insert
    // searches for the key first, which is quadratic on hostile objects. key() has already
    // rejected duplicates.
    auto &members = static_cast<Json::object_t::Container &>(parent.get_ref<Json::object_t &>());
    members.emplace_back(std::move(pendingKey_), std::move(value));
    pendingKey_.clear();
    return &members.back().second;
  }

  bool addValue(Json &&value) {
    place(std::move(value), nullptr);
    return true;
  }

  bool open(Json &&container) {
    if (frames_.size() >= maxDepth_) {
      return failAt(fmt::format("nesting deeper than {} levels", maxDepth_));
    }
    std::string segment;
    Json *node = place(std::move(container), &segment);
    frames_.push_back(Frame{node, {}, std::move(segment)});
    return true;
  }

  bool close() {
    frames_.pop_back();
    return true;
  }

  size_t maxDepth_;
  Json root_;
  std::vector<Frame> frames_;
  std::string pendingKey_;
  std::string error_;
};

} // namespace

Result<Json> parseDocument(std::string_view text, const ParseLimits &limits) {
  if (text.size() > limits.maxBytes) {
    return fail(ErrorCode::Limit, fmt::format("document is {} bytes, larger than the {} byte limit",
                                              text.size(), limits.maxBytes));
  }
  BoundedDomBuilder builder(limits.maxDepth);
  const bool ok = Json::sax_parse(text, &builder, Json::input_format_t::json, true);
  if (!ok) {
    return fail(ErrorCode::Invalid,
                builder.error().empty() ? std::string("invalid JSON") : builder.error());
  }
  return builder.takeRoot();
}

std::string dumpDocument(const Json &json, const SerializeOptions &options) {
  return json.dump(options.indent, options.indentChar, false, Json::error_handler_t::replace);
}

} // namespace runw::oci::detail
