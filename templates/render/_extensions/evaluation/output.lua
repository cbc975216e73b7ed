--[[
output.lua: the last step before pandoc writes the document, for real Quarto (`at:
post-render`) and the embedded renderer alike.

HTML
  tables     each table sits in a box that scrolls sideways on a narrow screen instead of
             widening the page; the box takes keyboard focus (so it can be scrolled without
             a mouse) and is named after the table's caption
Typst
  alt text   an image becomes image(path, alt: ...) with its fig-alt (or alt) text, so the
             PDF carries it (pandoc's Typst writer drops it), at the text width unless the
             document gives a width
  escapes    pandoc's Typst writer leaves three markup shorthands unescaped, "..." (an
             ellipsis), "-?" (a soft hyphen, which makes text vanish) and "-" before a digit
             (a minus sign), and a list or heading marker at the start of a table cell: text
             from data must print as written
Word (docx)
  alt text   an image's fig-alt becomes its description (what Word reads out)
  numbers    a traced number prints as plain text: its link and hover text belong to the
             HTML (a withheld [c] keeps its link to the note that explains it)
  cards      a big number's figure and a RAG rating print in bold, so a key finding and its
             rating read in words, without colour; a callout's title is a bold paragraph
]]

local stringify = pandoc.utils.stringify

------------------------------------------------------------------------------------------
-- HTML
------------------------------------------------------------------------------------------

-- Tables without a caption, numbered in document order: each scrolling region needs a name of
-- its own (a screen reader lists regions by name).
local uncaptioned = 0

local function scrolling(tbl, name)
  if name == "" then
    uncaptioned = uncaptioned + 1
    name = "Table without a caption " .. uncaptioned
  end
  -- Attributes as a list of pairs, so they are written in the same order every time.
  return pandoc.Div({ tbl }, pandoc.Attr("", { "table-scroll" }, {
    { "tabindex", "0" }, { "role", "region" }, { "aria-label", name },
  }))
end

--- The caption of a float as Quarto writes it (and embedded/quarto.lua too): the Plain
--- after the <figcaption> opening tag.
local function float_caption(div)
  for index, block in ipairs(div.content) do
    if block.t == "RawBlock" and block.text:match("^<figcaption") then
      return stringify(div.content[index + 1] or "")
    end
    if block.t == "Div" then
      local found = float_caption(block)
      if found then return found end
    end
  end
  return nil
end

local html_filter = {
  traverse = "topdown",
  Div = function(div)
    if not div.identifier:match("^tbl%-") then return nil end
    local name = float_caption(div) or ""
    return div:walk({ Table = function(tbl) return scrolling(tbl, name) end }), false
  end,
  Table = function(tbl)
    return scrolling(tbl, stringify(tbl.caption.long)), false
  end,
}

if FORMAT:match("html") then return { html_filter } end

------------------------------------------------------------------------------------------
-- Word (docx)
------------------------------------------------------------------------------------------

local docx_filter = {
  Image = function(img)
    local alt = img.attributes["fig-alt"]
    if not alt then return nil end
    img.caption = pandoc.Inlines(alt)
    img.attributes["fig-alt"] = nil
    return img
  end,
  Link = function(link)
    if link.classes:includes("trace") then return link.content end
    return nil
  end,
  Span = function(span)
    if span.classes:includes("figure") or span.classes:includes("rag") then
      return pandoc.Strong(span.content)
    end
    return nil
  end,
  Div = function(div)
    if div.classes:includes("report-callout-title") then
      return pandoc.Para({ pandoc.Strong(pandoc.utils.blocks_to_inlines(div.content)) })
    end
    return nil
  end,
}

if FORMAT:match("docx") then return { docx_filter } end
if not FORMAT:match("typst") then return {} end

------------------------------------------------------------------------------------------
-- Typst
------------------------------------------------------------------------------------------

--- Typst markup for a list of inlines (pandoc escapes Typst's special characters).
local function typst_inlines(inlines)
  local text = pandoc.write(pandoc.Pandoc({ pandoc.Plain(inlines) }), "typst")
  return (text:gsub("%s+$", ""))
end

--- A Typst string literal.
local function typst_string(text)
  return '"' .. text:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

local function image(img)
  local alt = img.attributes["fig-alt"] or img.attributes["alt"] or stringify(img.caption)
  local width = img.attributes.width or "100%"
  if width:match("^%d+%%$") == nil and width:match("^[%d.]+%a%a$") == nil then width = "100%" end
  -- The path stays relative: Typst reads it from the document's folder (its root).
  return pandoc.RawInline("typst", string.format("#box(image(%s, alt: %s, width: %s))",
    typst_string(img.src), typst_string(alt), width))
end

local function literal_text(str)
  if not (str.text:find("...", 1, true) or str.text:find("-?", 1, true) or str.text:find("%-%d")) then
    return nil
  end
  local written, out, i = typst_inlines({ str }), {}, 1
  while i <= #written do
    local char = written:sub(i, i)
    if char == "\\" then -- already an escape: keep it and the character it escapes
      out[#out + 1] = written:sub(i, i + 1)
      i = i + 2
    elseif written:sub(i, i + 2) == "..." then
      out[#out + 1] = "\\.\\.\\."
      i = i + 3
    elseif written:sub(i, i + 1) == "-?" then
      out[#out + 1] = "\\-?"
      i = i + 2
    elseif char == "-" and written:sub(i + 1, i + 1):match("%d") then
      out[#out + 1] = "\\-"
      i = i + 1
    else
      out[#out + 1] = char
      i = i + 1
    end
  end
  return pandoc.RawInline("typst", table.concat(out))
end

--- The writer escapes a list or heading marker at the start of a paragraph but not at the
--- start of a table cell or of a content argument ("[- text]" is a Typst list), so escape it
--- wherever markup starts: at the start of a block and after raw Typst ending in "[".
local function escape_marker(str)
  local marker, rest = str.text:match("^([-+=/])(.*)$")
  if not marker then marker, rest = str.text:match("^(%d+%.)(.*)$") end
  if not marker then return nil end
  return { pandoc.RawInline("typst", (marker:gsub("([-+=/.])", "\\%1"))), pandoc.Str(rest) }
end

local function block_start(block)
  local out, changed = pandoc.Inlines({}), false
  for index, inline in ipairs(block.content) do
    local previous = block.content[index - 1]
    local starts = index == 1
      or (previous.t == "RawInline" and previous.format == "typst" and previous.text:match("%[$"))
    local escaped = starts and inline.t == "Str" and escape_marker(inline)
    if escaped then
      out:extend(escaped)
      changed = true
    else
      out:insert(inline)
    end
  end
  if not changed then return nil end
  block.content = out
  return block
end

return {
  { Image = image },
  { Plain = block_start, Para = block_start },
  { Str = literal_text },
}
